/*
 * schema.c — the data dictionary: the one source table of the entities of
 * the domain model (DESIGN.md, "Domain model") and their columns.
 *
 * Each entity is a static array of its own columns plus one row of the
 * `entities` table, which gives its table name, reference prefix
 * (HA-000145), geometry and flags.  The common columns (uuid, reference,
 * reporting organisation, date of information, workflow status, version,
 * audit stamps) are listed once in `common_columns` and belong to every
 * entity.  The store backends generate their tables from this file (one
 * table per entity, a code_<vocabulary> table per vocabulary of vocab.c,
 * foreign keys from CODE and REF columns), records are validated against
 * it, and imports and the HTTP API map fields by its column names.
 *
 * Rules the table keeps (checked by tests/unit/test_schema.c):
 *  - entities are in dependency order: a REF column names an entity
 *    earlier in the table, or its own entity (organisation and admin area
 *    parents);
 *  - a CODE or CODES column names a vocabulary of vocab.c;
 *  - a MONEY column names a CURRENCY column of the same entity;
 *  - column names are lower-case snake_case, unique within the entity
 *    together with the common columns, and never "fid" or "geom" (the
 *    GeoPackage key and geometry column);
 *  - prefixes are two or three upper-case letters, unique.
 * Units are in the names: *_m2 is m², *_cm cm; dates ISO 8601; money in
 * integer minor units of its currency (ISO 4217).
 */
#include "mais/schema.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off: one table row a line, aligned by hand */
#define REQ  MAIS_COL_REQUIRED
#define SENS MAIS_COL_SENSITIVE
#define SYS  MAIS_COL_SYSTEM
#define PAST MAIS_COL_PAST

static const mais_column common_columns[] = {
	{"uuid", MAIS_COL_UUID, NULL, SYS | REQ,
	 "Stable identifier of the record (RFC 4122 UUID, lower-case)"},
	{"reference", MAIS_COL_TEXT, NULL, SYS | REQ,
	 "Human reference: entity prefix, database prefix and number "
	 "(e.g. HA-000145)"},
	{"organisation_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation that reported the record"},
	{"info_date", MAIS_COL_DATE, NULL, PAST,
	 "Date of information: when the reported facts were true"},
	{"status", MAIS_COL_CODE, "workflow_status", SYS | REQ,
	 "Approval workflow status: draft, submitted, verified, approved "
	 "or rejected"},
	{"status_reason", MAIS_COL_TEXT, NULL, 0,
	 "Reason of the last change of status: a rejection's, or which "
	 "record's approval (or its withdrawal) closed, reopened or handed "
	 "over a hazard, or approved equipment"},
	{"version", MAIS_COL_INTEGER, NULL, SYS | REQ,
	 "Version number, 1 for a new record, +1 on each change"},
	{"created_at", MAIS_COL_DATETIME, NULL, SYS,
	 "When the record was created (UTC)"},
	{"created_by", MAIS_COL_TEXT, NULL, SYS, "User who created the record"},
	{"updated_at", MAIS_COL_DATETIME, NULL, SYS,
	 "When the record was last changed (UTC)"},
	{"updated_by", MAIS_COL_TEXT, NULL, SYS,
	 "User who last changed the record"},
};

/* --- Organisations ---------------------------------------------------- */

static const mais_column organisation_columns[] = {
	{"org_type", MAIS_COL_CODE, "org_type", REQ,
	 "Kind of organisation: authority, operator, donor, ..."},
	{"name", MAIS_COL_TEXT, NULL, REQ, "Name of the organisation"},
	{"acronym", MAIS_COL_TEXT, NULL, 0, "Acronym (e.g. ANAMA)"},
	{"name_local", MAIS_COL_TEXT, NULL, 0,
	 "Name in the local language and script"},
	{"parent_uuid", MAIS_COL_REF, "organisation", 0,
	 "Parent organisation: a team or unit points to its organisation"},
	{"country", MAIS_COL_TEXT, NULL, 0,
	 "Country of registration (ISO 3166-1 alpha-2)"},
	{"contact_name", MAIS_COL_TEXT, NULL, 0, "Contact person"},
	{"contact_email", MAIS_COL_TEXT, NULL, 0, "Contact e-mail"},
	{"contact_phone", MAIS_COL_TEXT, NULL, 0, "Contact telephone"},
	{"address", MAIS_COL_TEXT, NULL, 0, "Postal address"},
	{"active", MAIS_COL_BOOL, NULL, 0,
	 "Yes while the organisation or team is operating"},
};

static const mais_column accreditation_columns[] = {
	{"accredited_organisation_uuid", MAIS_COL_REF, "organisation", REQ,
	 "Organisation (or team) accredited; IMAS 07.30"},
	{"competency", MAIS_COL_CODE, "competency", REQ,
	 "Competency accredited; IMAS 07.30"},
	{"valid_from", MAIS_COL_DATE, NULL, REQ,
	 "First day the accreditation is valid"},
	{"valid_to", MAIS_COL_DATE, NULL, 0,
	 "Last day the accreditation is valid (empty: open-ended)"},
	{"certificate_number", MAIS_COL_TEXT, NULL, 0,
	 "Number of the accreditation certificate"},
	{"conditions", MAIS_COL_TEXT, NULL, 0,
	 "Conditions or limits of the accreditation"},
};

/* --- Gazetteer -------------------------------------------------------- */

static const mais_column admin_area_columns[] = {
	{"level", MAIS_COL_INTEGER, NULL, REQ,
	 "Administrative level: 0 country, 1 region/province, 2 district, "
	 "3 municipality"},
	{"name", MAIS_COL_TEXT, NULL, REQ, "Name (Latin script)"},
	{"name_local", MAIS_COL_TEXT, NULL, 0,
	 "Name in the local language and script"},
	{"aliases", MAIS_COL_TEXT, NULL, 0,
	 "Other names, spellings and former names, separated by ';'"},
	{"code", MAIS_COL_TEXT, NULL, 0,
	 "Administrative code: P-code or HASC (e.g. AZ.AG)"},
	{"parent_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area of the level above"},
};

static const mais_column settlement_columns[] = {
	{"name", MAIS_COL_TEXT, NULL, REQ, "Name (Latin script)"},
	{"name_local", MAIS_COL_TEXT, NULL, 0,
	 "Name in the local language and script"},
	{"aliases", MAIS_COL_TEXT, NULL, 0,
	 "Other names, spellings and former names, separated by ';'"},
	{"code", MAIS_COL_TEXT, NULL, 0, "Settlement code (P-code)"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area the settlement lies in"},
	{"population", MAIS_COL_INTEGER, NULL, 0,
	 "Population (persons) at the date of information"},
	{"planned_returnees", MAIS_COL_INTEGER, NULL, 0,
	 "Displaced persons expected to return (persons)"},
	{"return_status", MAIS_COL_CODE, "settlement_return_status", 0,
	 "Return of displaced people: not returned, returning, returned"},
};

/* --- Hazards ---------------------------------------------------------- */

static const mais_column hazard_columns[] = {
	{"hazard_class", MAIS_COL_CODE, "hazard_class", REQ,
	 "Indication, SHA or CHA; IMAS 07.11, IMSMA Land"},
	{"hazard_status", MAIS_COL_CODE, "hazard_status", REQ,
	 "Active, closed (released) or handed over; IMAS 07.11"},
	{"name", MAIS_COL_TEXT, NULL, 0, "Local name of the hazard"},
	{"description", MAIS_COL_TEXT, NULL, 0,
	 "Description of the hazard and of the evidence"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area the hazard lies in"},
	{"settlement_uuid", MAIS_COL_REF, "settlement", 0,
	 "Nearest or affected settlement"},
	{"estimated_area_m2", MAIS_COL_AREA_M2, NULL, 0,
	 "Estimated area in m², for a point hazard or an indication"},
	{"area_m2", MAIS_COL_AREA_M2, NULL, SYS,
	 "Geodesic area of the polygon in m² (WGS 84), computed on entry"},
	{"eo_categories", MAIS_COL_CODES, "eo_category", 0,
	 "EO contamination suspected or confirmed; IMAS 04.10"},
	{"evidence", MAIS_COL_CODE, "evidence_type", 0,
	 "Direct or indirect evidence of EO; IMAS 07.11, 08.10"},
	{"source_reliability", MAIS_COL_CODE, "source_reliability", 0,
	 "Reliability of the information source; IMAS 08.10"},
	{"blocked_resources", MAIS_COL_CODES, "blocked_resource", 0,
	 "Resources blocked by the hazard; IMSMA"},
	{"land_use", MAIS_COL_CODE, "land_use", 0,
	 "Expected use of the land once released"},
	{"terrain", MAIS_COL_CODE, "terrain", 0, "Terrain; IMSMA"},
	{"vegetation", MAIS_COL_CODE, "vegetation", 0,
	 "Vegetation density; IMSMA"},
	{"marked", MAIS_COL_BOOL, NULL, 0,
	 "Yes if the hazard is marked or fenced; IMAS 08.40"},
	{"beneficiaries", MAIS_COL_INTEGER, NULL, 0,
	 "Expected direct beneficiaries of the release (persons)"},
	{"priority_score", MAIS_COL_REAL, NULL, 0,
	 "Priority score for tasking (higher is more urgent)"},
	{"recorded_date", MAIS_COL_DATE, NULL, PAST,
	 "Date the hazard was first recorded"},
	{"source", MAIS_COL_TEXT, NULL, 0,
	 "Source of legacy data (e.g. minefield record, map sheet)"},
	{"legacy_id", MAIS_COL_TEXT, NULL, 0,
	 "Identifier in the source system (e.g. IMSMA ID)"},
};

/* --- Planning and operations ------------------------------------------ */

static const mais_column project_columns[] = {
	{"name", MAIS_COL_TEXT, NULL, REQ, "Name of the project"},
	{"implementer_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation implementing the project"},
	{"project_code", MAIS_COL_TEXT, NULL, 0,
	 "Code of the project or grant in the donor's records"},
	{"start_date", MAIS_COL_DATE, NULL, 0, "Start of the project"},
	{"end_date", MAIS_COL_DATE, NULL, 0, "End of the project"},
	{"description", MAIS_COL_TEXT, NULL, 0, "Purpose and scope"},
};

static const mais_column task_columns[] = {
	{"name", MAIS_COL_TEXT, NULL, REQ, "Name of the tasking order"},
	{"task_status", MAIS_COL_CODE, "task_status", REQ,
	 "Planned, assigned, in progress, suspended, completed, cancelled"},
	{"activity_type", MAIS_COL_CODE, "activity_type", 0,
	 "Kind of work ordered (NTS, TS, clearance, ...)"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0, "Hazard to be addressed"},
	{"project_uuid", MAIS_COL_REF, "project", 0,
	 "Project that funds the task"},
	{"assigned_organisation_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation the task is assigned to"},
	{"team_uuid", MAIS_COL_REF, "organisation", 0,
	 "Team the task is assigned to"},
	{"planned_start", MAIS_COL_DATE, NULL, 0, "Planned start date"},
	{"planned_end", MAIS_COL_DATE, NULL, 0, "Planned end date"},
	{"planned_area_m2", MAIS_COL_AREA_M2, NULL, 0,
	 "Area planned to be addressed in m²"},
	{"priority", MAIS_COL_INTEGER, NULL, 0, "Priority (1 is the highest)"},
	{"objectives", MAIS_COL_TEXT, NULL, 0,
	 "Objectives of the task; IMAS 07.10"},
};

static const mais_column activity_columns[] = {
	{"activity_type", MAIS_COL_CODE, "activity_type", REQ,
	 "NTS, TS, clearance, BAC, EOD spot task, QA, QC, completion; "
	 "IMAS 07.11, 08.10, 08.20, 09.10, 09.11"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0, "Hazard worked on"},
	{"task_uuid", MAIS_COL_REF, "task", 0,
	 "Tasking order the activity reports on"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area of the worksite"},
	{"team_uuid", MAIS_COL_REF, "organisation", 0,
	 "Team that did the work"},
	{"start_date", MAIS_COL_DATE, NULL, PAST, "First day of work"},
	{"end_date", MAIS_COL_DATE, NULL, PAST, "Last day of work"},
	{"working_days", MAIS_COL_INTEGER, NULL, 0,
	 "Days worked on site (days)"},
	{"assets", MAIS_COL_CODES, "asset_type", 0,
	 "Assets used: manual, mechanical, mine detection dogs, ..."},
	{"depth_cm", MAIS_COL_INTEGER, NULL, 0,
	 "Clearance or search depth in cm; IMAS 09.10"},
	{"man_hours", MAIS_COL_REAL, NULL, 0, "Person-hours worked (h)"},
	{"handover_men", MAIS_COL_INTEGER, NULL, 0,
	 "Men taking part in the handover (persons); IMAS 07.11"},
	{"handover_women", MAIS_COL_INTEGER, NULL, 0,
	 "Women taking part in the handover (persons)"},
	{"handover_boys", MAIS_COL_INTEGER, NULL, 0,
	 "Boys taking part in the handover (persons)"},
	{"handover_girls", MAIS_COL_INTEGER, NULL, 0,
	 "Girls taking part in the handover (persons)"},
	{"handover_recipient", MAIS_COL_TEXT, NULL, 0,
	 "Body or community that received the released land"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

static const mais_column land_release_columns[] = {
	{"activity_uuid", MAIS_COL_REF, "activity", 0,
	 "Activity that released the land"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0,
	 "Hazard released (empty: land released outside recorded "
	 "hazards)"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area of the released land (largest overlap, or by name)"},
	{"method", MAIS_COL_CODE, "release_method", REQ,
	 "Cancelled (NTS), reduced (TS) or cleared; IMAS 07.11"},
	{"technical_asset", MAIS_COL_BOOL, NULL, 0,
	 "For reduced land: yes if reduced with a technical asset; "
	 "IMAS 07.11, 08.20"},
	{"area_m2", MAIS_COL_AREA_M2, NULL, 0,
	 "Area released in m²: as reported, or for a polygon its geodesic "
	 "area (WGS 84) on entry"},
	{"release_date", MAIS_COL_DATE, NULL, PAST, "Date of release"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

static const mais_column eo_model_columns[] = {
	{"model", MAIS_COL_TEXT, NULL, REQ,
	 "Model designation (e.g. PMN-2, TM-62M, 82 mm mortar bomb)"},
	{"eo_category", MAIS_COL_CODE, "eo_category", REQ,
	 "Category: AP mine, AT/AV mine, submunition, UXO, ...; IMAS 04.10"},
	{"eo_type", MAIS_COL_TEXT, NULL, 0,
	 "Type (e.g. blast AP mine, bounding fragmentation AP mine)"},
	{"origin", MAIS_COL_TEXT, NULL, 0, "Country of manufacture"},
	{"description", MAIS_COL_TEXT, NULL, 0,
	 "Main charge, fuze, detectability"},
};

static const mais_column eo_item_columns[] = {
	{"activity_uuid", MAIS_COL_REF, "activity", 0,
	 "Activity that found the item"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0, "Hazard it was found in"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area where it was found"},
	{"eo_category", MAIS_COL_CODE, "eo_category", REQ,
	 "Category: AP mine, AT/AV mine, submunition, UXO, ...; IMAS 04.10"},
	{"eo_type", MAIS_COL_TEXT, NULL, 0,
	 "Type (e.g. blast AP mine, 82 mm mortar bomb)"},
	{"eo_model", MAIS_COL_TEXT, NULL, 0, "Model (e.g. PMN-2, TM-62M)"},
	{"quantity", MAIS_COL_INTEGER, NULL, 0,
	 "Number of items (empty when the source does not say)"},
	{"fate", MAIS_COL_CODE, "eo_fate", 0,
	 "Destroyed in situ, removed, transported, ...; IMAS 09.30"},
	{"found_date", MAIS_COL_DATE, NULL, PAST, "Date found"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

/* --- Accidents and victims -------------------------------------------- */

static const mais_column accident_columns[] = {
	{"accident_type", MAIS_COL_CODE, "accident_type", 0,
	 "Demining or non-demining (civilian) accident; IMAS 10.60"},
	{"accident_date", MAIS_COL_DATE, NULL, PAST, "Date of the accident"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area of the accident"},
	{"settlement_uuid", MAIS_COL_REF, "settlement", 0,
	 "Nearest settlement"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0,
	 "Hazard in which the accident happened"},
	{"activity_uuid", MAIS_COL_REF, "activity", 0,
	 "Demining activity under way (demining accidents)"},
	{"eo_category", MAIS_COL_CODE, "eo_category", 0,
	 "Category of the EO that caused the accident"},
	{"eo_model", MAIS_COL_TEXT, NULL, 0, "Model of the EO (e.g. PMN-2)"},
	{"activity_at_time", MAIS_COL_CODE, "activity_at_time", 0,
	 "What was being done at the time; IMSMA"},
	{"description", MAIS_COL_TEXT, NULL, 0, "Account of the accident"},
	{"source", MAIS_COL_TEXT, NULL, 0,
	 "Source of the report (e.g. investigation, hospital, media)"},
};

static const mais_column victim_columns[] = {
	{"accident_uuid", MAIS_COL_REF, "accident", REQ,
	 "Accident in which the person was killed or injured"},
	{"outcome", MAIS_COL_CODE, "victim_outcome", 0, "Killed or injured"},
	{"sex", MAIS_COL_CODE, "sex", 0, "Sex"},
	{"age", MAIS_COL_INTEGER, NULL, 0,
	 "Age at the time of the accident (years)"},
	{"age_band", MAIS_COL_CODE, "age_band", 0,
	 "Age band when the exact age is not known"},
	{"victim_role", MAIS_COL_CODE, "victim_role", 0,
	 "Civilian, deminer or security force; IMSMA"},
	{"activity_at_time", MAIS_COL_CODE, "activity_at_time", 0,
	 "What the person was doing at the time; IMSMA"},
	{"injuries", MAIS_COL_CODES, "injury_type", 0,
	 "Injuries suffered; IMAS 13.10"},
	{"given_name", MAIS_COL_TEXT, NULL, SENS, "Given name"},
	{"family_name", MAIS_COL_TEXT, NULL, SENS, "Family name"},
	{"date_of_birth", MAIS_COL_DATE, NULL, SENS | PAST, "Date of birth"},
	{"national_id", MAIS_COL_TEXT, NULL, SENS,
	 "National identity document number"},
	{"contact", MAIS_COL_TEXT, NULL, SENS,
	 "Address and telephone of the person or family"},
	{"medical_notes", MAIS_COL_TEXT, NULL, SENS,
	 "Medical details of the injuries"},
};

static const mais_column victim_assistance_columns[] = {
	{"victim_uuid", MAIS_COL_REF, "victim", REQ, "Person assisted"},
	{"va_type", MAIS_COL_CODE, "va_type", REQ,
	 "Kind of assistance; IMAS 13.10"},
	{"need", MAIS_COL_TEXT, NULL, SENS, "Need assessed"},
	{"assistance_given", MAIS_COL_TEXT, NULL, SENS, "Assistance given"},
	{"provider_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation that gave the assistance"},
	{"provided_date", MAIS_COL_DATE, NULL, PAST,
	 "Date the assistance was given"},
	{"referral_to", MAIS_COL_TEXT, NULL, 0,
	 "Service the person was referred to"},
	{"referred_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation the person was referred to"},
	{"project_uuid", MAIS_COL_REF, "project", 0,
	 "Project that funded it"},
	{"notes", MAIS_COL_TEXT, NULL, SENS, "Notes"},
};

/* --- Risk education --------------------------------------------------- */

static const mais_column eore_session_columns[] = {
	{"session_date", MAIS_COL_DATE, NULL, PAST, "Date of the session"},
	{"method", MAIS_COL_CODE, "eore_method", 0,
	 "Delivery method; IMAS 12.10"},
	{"audience", MAIS_COL_CODE, "eore_audience", 0,
	 "Target audience; IMAS 12.10"},
	{"admin_area_uuid", MAIS_COL_REF, "admin_area", 0,
	 "Admin area of the session"},
	{"settlement_uuid", MAIS_COL_REF, "settlement", 0,
	 "Settlement of the session"},
	{"girls", MAIS_COL_INTEGER, NULL, 0, "Girls (under 18) reached"},
	{"boys", MAIS_COL_INTEGER, NULL, 0, "Boys (under 18) reached"},
	{"women", MAIS_COL_INTEGER, NULL, 0, "Women (18 and over) reached"},
	{"men", MAIS_COL_INTEGER, NULL, 0, "Men (18 and over) reached"},
	{"age_0_9", MAIS_COL_INTEGER, NULL, 0, "Persons aged 0-9 reached"},
	{"age_10_17", MAIS_COL_INTEGER, NULL, 0, "Persons aged 10-17 reached"},
	{"age_18_45", MAIS_COL_INTEGER, NULL, 0, "Persons aged 18-45 reached"},
	{"age_46_plus", MAIS_COL_INTEGER, NULL, 0,
	 "Persons aged 46 and over reached"},
	{"persons_with_disabilities", MAIS_COL_INTEGER, NULL, 0,
	 "Persons with disabilities reached"},
	{"project_uuid", MAIS_COL_REF, "project", 0,
	 "Project that funded it"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

/* --- Quality management ----------------------------------------------- */

static const mais_column qm_inspection_columns[] = {
	{"qm_type", MAIS_COL_CODE, "qm_type", REQ,
	 "QA visit or QC inspection; IMAS 07.12, 09.20"},
	{"activity_uuid", MAIS_COL_REF, "activity", 0, "Activity inspected"},
	{"hazard_uuid", MAIS_COL_REF, "hazard", 0, "Hazard inspected"},
	{"inspector_organisation_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation that inspected"},
	{"inspected_organisation_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation (or team) inspected"},
	{"inspection_date", MAIS_COL_DATE, NULL, PAST, "Date of inspection"},
	{"sampled_area_m2", MAIS_COL_AREA_M2, NULL, 0,
	 "Area sampled in a QC inspection in m²; IMAS 09.20"},
	{"eo_found", MAIS_COL_INTEGER, NULL, 0,
	 "EO items found in the sampled area"},
	{"result", MAIS_COL_CODE, "qm_result", 0,
	 "Conforming or the gravest non-conformity found; IMAS 07.12"},
	{"findings", MAIS_COL_TEXT, NULL, 0, "Findings"},
	{"corrective_action", MAIS_COL_TEXT, NULL, 0,
	 "Corrective action required"},
	{"corrective_due", MAIS_COL_DATE, NULL, 0,
	 "Date the corrective action is due"},
	{"corrective_closed", MAIS_COL_DATE, NULL, PAST,
	 "Date the corrective action was verified closed"},
};

/* --- Equipment -------------------------------------------------------- */

static const mais_column donation_columns[] = {
	{"donor_uuid", MAIS_COL_REF, "organisation", REQ,
	 "Donor who gave the equipment"},
	{"donation_date", MAIS_COL_DATE, NULL, REQ | PAST,
	 "Date the equipment was received"},
	{"equipment_type", MAIS_COL_CODE, "equipment_type", REQ,
	 "Detector, machine, mine detection dog, PPE, ..."},
	{"make", MAIS_COL_TEXT, NULL, 0, "Manufacturer"},
	{"model", MAIS_COL_TEXT, NULL, 0, "Model"},
	{"quantity", MAIS_COL_INTEGER, NULL, REQ,
	 "Number of items donated: as many equipment records are created"},
	{"serials", MAIS_COL_TEXT, NULL, 0,
	 "Serial numbers separated by ';' or ',', one an item (or none)"},
	{"estimated_value", MAIS_COL_MONEY, "currency", 0,
	 "Value of the whole donation, in minor units of its currency "
	 "(cents of EUR); the web form takes it as written (400,000.00)"},
	{"currency", MAIS_COL_CURRENCY, NULL, 0,
	 "Currency of the estimated value (ISO 4217 code, e.g. EUR)"},
	{"recipient_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation receiving the equipment (owner of the assets)"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

static const mais_column equipment_columns[] = {
	{"equipment_type", MAIS_COL_CODE, "equipment_type", REQ,
	 "Detector, machine, mine detection dog, PPE, ..."},
	{"name", MAIS_COL_TEXT, NULL, 0,
	 "Name or call sign (e.g. of a dog or a machine)"},
	{"make", MAIS_COL_TEXT, NULL, 0, "Manufacturer"},
	{"model", MAIS_COL_TEXT, NULL, 0, "Model"},
	{"serial", MAIS_COL_TEXT, NULL, 0, "Serial number"},
	{"donor_uuid", MAIS_COL_REF, "organisation", 0,
	 "Donor who gave the equipment"},
	{"received_date", MAIS_COL_DATE, NULL, PAST, "Date received"},
	{"estimated_value", MAIS_COL_MONEY, "currency", 0,
	 "Value (in-kind contributions), in minor units of its currency "
	 "(cents of EUR); the web form takes it as written"},
	{"currency", MAIS_COL_CURRENCY, NULL, 0,
	 "Currency of the estimated value (ISO 4217 code, e.g. EUR)"},
	{"equipment_status", MAIS_COL_CODE, "equipment_status", 0,
	 "In service, in repair, in store, lost, written off"},
	{"team_uuid", MAIS_COL_REF, "organisation", 0,
	 "Team the equipment is assigned to"},
	{"donation_uuid", MAIS_COL_REF, "donation", 0,
	 "Donation the equipment came with (set when the donation creates "
	 "it)"},
	{"notes", MAIS_COL_TEXT, NULL, 0, "Notes"},
};

static const mais_column equipment_test_columns[] = {
	{"equipment_uuid", MAIS_COL_REF, "equipment", REQ, "Equipment tested"},
	{"test_date", MAIS_COL_DATE, NULL, REQ | PAST, "Date of the test"},
	{"test_type", MAIS_COL_TEXT, NULL, 0,
	 "Test, calibration or check performed; IMAS 03.40"},
	{"result", MAIS_COL_TEXT, NULL, 0, "Result as recorded"},
	{"passed", MAIS_COL_BOOL, NULL, 0, "Yes if the equipment passed"},
	{"next_due", MAIS_COL_DATE, NULL, 0, "Date the next test is due"},
};

/* --- Funding ---------------------------------------------------------- */

static const mais_column pledge_columns[] = {
	{"donor_uuid", MAIS_COL_REF, "organisation", REQ, "Donor"},
	{"funding_type", MAIS_COL_CODE, "funding_type", 0,
	 "Pledge, grant or in-kind contribution"},
	{"amount", MAIS_COL_MONEY, "currency", REQ,
	 "Amount in minor units of its currency (cents of EUR); the web "
	 "form takes it as written (400,000.00)"},
	{"currency", MAIS_COL_CURRENCY, NULL, REQ,
	 "Currency of the amount (ISO 4217 code, e.g. EUR)"},
	{"pledge_date", MAIS_COL_DATE, NULL, REQ | PAST,
	 "Date of the pledge or grant agreement"},
	{"recipient_uuid", MAIS_COL_REF, "organisation", 0,
	 "Organisation receiving the funds"},
	{"project_uuid", MAIS_COL_REF, "project", 0, "Project funded"},
	{"purpose", MAIS_COL_TEXT, NULL, 0,
	 "Purpose (e.g. clearance, victim assistance, risk education)"},
};

static const mais_column exchange_rate_columns[] = {
	{"from_currency", MAIS_COL_CURRENCY, NULL, REQ,
	 "Currency converted from (ISO 4217)"},
	{"to_currency", MAIS_COL_CURRENCY, NULL, REQ,
	 "Currency converted to (ISO 4217)"},
	{"rate", MAIS_COL_DECIMAL, NULL, REQ,
	 "How many units of the currency converted to equal one unit of "
	 "the currency converted from (exact; 2.00818 or 2,00818)"},
	{"rate_date", MAIS_COL_DATE, NULL, REQ, "Date the rate applies to"},
	{"source", MAIS_COL_TEXT, NULL, REQ,
	 "Where the rate comes from (e.g. central bank, agreement)"},
};

static const mais_column allocation_columns[] = {
	{"pledge_uuid", MAIS_COL_REF, "pledge", REQ,
	 "Pledge the money comes from"},
	{"project_uuid", MAIS_COL_REF, "project", 0,
	 "Project the money goes to"},
	{"task_uuid", MAIS_COL_REF, "task", 0, "Task the money goes to"},
	{"activity_uuid", MAIS_COL_REF, "activity", 0,
	 "Activity the money goes to"},
	{"amount", MAIS_COL_MONEY, "currency", REQ,
	 "Amount in minor units of its currency (cents of EUR); the web "
	 "form takes it as written (400,000.00)"},
	{"currency", MAIS_COL_CURRENCY, NULL, REQ,
	 "Currency of the amount (ISO 4217 code, e.g. EUR)"},
	{"allocation_date", MAIS_COL_DATE, NULL, PAST, "Date of allocation"},
	{"purpose", MAIS_COL_TEXT, NULL, 0, "Purpose"},
};

static const mais_column expenditure_columns[] = {
	{"allocation_uuid", MAIS_COL_REF, "allocation", 0,
	 "Allocation the money was spent from"},
	{"project_uuid", MAIS_COL_REF, "project", 0,
	 "Project the money was spent on"},
	{"task_uuid", MAIS_COL_REF, "task", 0, "Task the money was spent on"},
	{"activity_uuid", MAIS_COL_REF, "activity", 0,
	 "Activity the money was spent on (cost per m²)"},
	{"amount", MAIS_COL_MONEY, "currency", REQ,
	 "Amount in minor units of its currency (cents of EUR); the web "
	 "form takes it as written (400,000.00)"},
	{"currency", MAIS_COL_CURRENCY, NULL, REQ,
	 "Currency of the amount (ISO 4217 code, e.g. EUR)"},
	{"spent_date", MAIS_COL_DATE, NULL, PAST, "Date of the expenditure"},
	{"description", MAIS_COL_TEXT, NULL, 0, "What the money paid for"},
};

/* --- The entities, in dependency order -------------------------------- */

#define NOGEOM	0, MAIS_GEOM_GEOMETRY, 0
#define COLS(a) a, ARRAY_LEN(a)

static const mais_entity entities[] = {
	{"organisation", "ORG", "Organisation", NOGEOM,
	 "Authority, operator, donor or other body, and its teams "
	 "(a team names its organisation as parent); IMAS 04.10",
	 COLS(organisation_columns)},
	{"accreditation", "ACR", "Accreditation", NOGEOM,
	 "Accreditation of an organisation or team for a competency, with "
	 "validity dates; IMAS 07.30",
	 COLS(accreditation_columns)},
	{"admin_area", "AA", "Admin area", 1, MAIS_GEOM_MULTIPOLYGON,
	 MAIS_ENT_GEOM_OPTIONAL,
	 "Gazetteer: administrative area of level 0-3 with names in several "
	 "languages and scripts; IMSMA gazetteer",
	 COLS(admin_area_columns)},
	{"settlement", "ST", "Settlement", 1, MAIS_GEOM_POINT, 0,
	 "Gazetteer: populated place with population and return status of "
	 "displaced people",
	 COLS(settlement_columns)},
	{"hazard", "HA", "Hazard", 1, MAIS_GEOM_GEOMETRY,
	 MAIS_ENT_AREA_FEATURE | MAIS_ENT_GEOM_OPTIONAL,
	 "Indication, suspected (SHA) or confirmed (CHA) hazardous area: a "
	 "polygon, or a point with an estimated area; IMAS 07.11, IMSMA Land",
	 COLS(hazard_columns)},
	{"project", "PR", "Project", NOGEOM,
	 "Funded project implemented by an organisation",
	 COLS(project_columns)},
	{"task", "TK", "Task", NOGEOM,
	 "Tasking order: hazard, assigned organisation and team, planned "
	 "dates, priority; IMAS 07.10",
	 COLS(task_columns)},
	{"activity", "AC", "Activity", 1, MAIS_GEOM_GEOMETRY,
	 MAIS_ENT_GEOM_OPTIONAL,
	 "Land release step: NTS, TS, clearance, BAC, EOD spot task, QA/QC, "
	 "completion; IMAS 07.11, 08.10, 08.20, 09.10, 09.11",
	 COLS(activity_columns)},
	{"land_release", "LR", "Land release", 1, MAIS_GEOM_MULTIPOLYGON,
	 MAIS_ENT_AREA_FEATURE | MAIS_ENT_GEOM_OPTIONAL,
	 "Land cancelled, reduced or cleared by an activity, with its "
	 "polygon or reported area; IMAS 07.11",
	 COLS(land_release_columns)},
	{"eo_model", "EM", "EO model", NOGEOM,
	 "Reference list of EO models: category, type, origin, description "
	 "(data/eo-models.csv, extended by users)",
	 COLS(eo_model_columns)},
	{"eo_item", "EO", "EO item", 1, MAIS_GEOM_POINT, MAIS_ENT_GEOM_OPTIONAL,
	 "Explosive ordnance found: category, type, model, quantity, fate; "
	 "IMAS 04.10, 09.10, 09.30",
	 COLS(eo_item_columns)},
	{"accident", "ACC", "Accident", 1, MAIS_GEOM_POINT,
	 MAIS_ENT_GEOM_OPTIONAL,
	 "Demining or civilian accident caused by EO (location may be known "
	 "only by admin area); IMAS 10.60",
	 COLS(accident_columns)},
	{"victim", "VI", "Victim", NOGEOM,
	 "Person killed or injured in an accident (IMSMA victim; casualty); "
	 "personal data is sensitive",
	 COLS(victim_columns)},
	{"victim_assistance", "VA", "Victim assistance", NOGEOM,
	 "Need assessed and assistance given or referred, by provider and "
	 "date; IMAS 13.10",
	 COLS(victim_assistance_columns)},
	{"eore_session", "RE", "EORE session", 1, MAIS_GEOM_POINT,
	 MAIS_ENT_GEOM_OPTIONAL,
	 "Explosive ordnance risk education session with beneficiaries by "
	 "sex and age; IMAS 12.10",
	 COLS(eore_session_columns)},
	{"qm_inspection", "QM", "QM inspection", 1, MAIS_GEOM_POINT,
	 MAIS_ENT_GEOM_OPTIONAL,
	 "Quality assurance visit or quality control inspection, findings "
	 "and corrective actions; IMAS 07.12, 09.20",
	 COLS(qm_inspection_columns)},
	{"donation", "DN", "Donation", NOGEOM,
	 "Donation of equipment by a donor: one record creates its "
	 "quantity of equipment records (donation.h)",
	 COLS(donation_columns)},
	{"equipment", "EQ", "Equipment", NOGEOM,
	 "Asset register: detectors, machines, dogs, PPE, vehicles; "
	 "IMAS 03.40",
	 COLS(equipment_columns)},
	{"equipment_test", "ET", "Equipment test", NOGEOM,
	 "Test or calibration record of an item of equipment; IMAS 03.40",
	 COLS(equipment_test_columns)},
	{"pledge", "PL", "Pledge", NOGEOM,
	 "Donor pledge, grant or in-kind contribution", COLS(pledge_columns)},
	{"exchange_rate", "XR", "Exchange rate", NOGEOM,
	 "Dated and sourced exchange rate between two currencies",
	 COLS(exchange_rate_columns)},
	{"allocation", "AL", "Allocation", NOGEOM,
	 "Part of a pledge allocated to a project, task or activity",
	 COLS(allocation_columns)},
	{"expenditure", "EX", "Expenditure", NOGEOM,
	 "Money spent from an allocation or on a project",
	 COLS(expenditure_columns)},
};
/* clang-format on */

const mais_column *mais_schema_common(size_t *count)
{
	if (count)
		*count = ARRAY_LEN(common_columns);
	return common_columns;
}

const mais_entity *mais_schema_entities(size_t *count)
{
	if (count)
		*count = ARRAY_LEN(entities);
	return entities;
}

const mais_entity *mais_schema_entity(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(entities); i++)
		if (strcmp(entities[i].name, name) == 0)
			return &entities[i];
	return NULL;
}

const mais_column *mais_schema_column(const mais_entity *e, const char *name,
				      int *common)
{
	if (!e || !name)
		return NULL;
	for (size_t i = 0; i < e->ncolumns; i++)
		if (strcmp(e->columns[i].name, name) == 0) {
			if (common)
				*common = 0;
			return &e->columns[i];
		}
	for (size_t i = 0; i < ARRAY_LEN(common_columns); i++)
		if (strcmp(common_columns[i].name, name) == 0) {
			if (common)
				*common = 1;
			return &common_columns[i];
		}
	return NULL;
}

const char *mais_col_type_name(mais_col_type t)
{
	switch (t) {
	case MAIS_COL_TEXT:
		return "TEXT";
	case MAIS_COL_INTEGER:
		return "INTEGER";
	case MAIS_COL_REAL:
		return "REAL";
	case MAIS_COL_BOOL:
		return "BOOL";
	case MAIS_COL_DATE:
		return "DATE";
	case MAIS_COL_DATETIME:
		return "DATETIME";
	case MAIS_COL_CODE:
		return "CODE";
	case MAIS_COL_CODES:
		return "CODES";
	case MAIS_COL_REF:
		return "REF";
	case MAIS_COL_AREA_M2:
		return "AREA_M2";
	case MAIS_COL_MONEY:
		return "MONEY";
	case MAIS_COL_CURRENCY:
		return "CURRENCY";
	case MAIS_COL_DECIMAL:
		return "DECIMAL";
	case MAIS_COL_UUID:
		return "UUID";
	}
	return "UNKNOWN";
}
