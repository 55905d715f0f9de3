/*
 * vocab.c — the one source table of every fixed vocabulary of mais.
 *
 * Each vocabulary is a static array of {code, English label} and one row
 * of the `vocabs` table below, which names the IMAS standard (or the
 * IMSMA list) its terms come from.  Everything else is generated from
 * here: the code_<vocabulary> tables of each database, the validation of
 * CODE and CODES columns (schema.c names a vocabulary in a column's ref),
 * the pick lists of the forms.  Codes are stable lower-case ASCII
 * identifiers ([a-z][a-z0-9_]*) that never change once released: add a
 * code, never rename one.  Labels are short English; translations live in
 * the UI message catalogue under "<vocabulary>.<code>".
 *
 * tests/unit/test_schema.c checks the table: unique names, unique
 * well-formed codes, non-empty labels and sources.
 */
#include "mais/vocab.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off: one table row a line, aligned by hand */
/* --- Records and workflow --------------------------------------------- */

static const mais_code workflow_status[] = {
	{"draft", "Draft"},	  {"submitted", "Submitted"},
	{"verified", "Verified"}, {"approved", "Approved"},
	{"rejected", "Rejected"},
};

static const mais_code user_role[] = {
	{"viewer", "Viewer"},
	{"data_entry", "Data entry"},
	{"verifier", "Verifier"},
	{"approver", "Approver"},
	{"im_admin", "IM administrator"},
	{"sys_admin", "System administrator"},
	{"victim_assistance", "Victim assistance (personal data)"},
};

/* --- Organisations ---------------------------------------------------- */

static const mais_code org_type[] = {
	{"authority", "National mine action authority or centre"},
	{"operator_ngo", "Operator (NGO)"},
	{"operator_commercial", "Operator (commercial company)"},
	{"military", "Military"},
	{"civil_defence", "Civil defence / emergency services"},
	{"police", "Police or border service"},
	{"donor", "Donor"},
	{"government", "Government body"},
	{"un_agency", "UN agency"},
	{"team", "Team or unit of an organisation"},
	{"other", "Other"},
};

static const mais_code competency[] = {
	{"nts", "Non-technical survey"},
	{"ts", "Technical survey"},
	{"manual_clearance", "Manual clearance"},
	{"mechanical", "Mechanical demining"},
	{"mdd", "Mine detection dogs"},
	{"bac", "Battle area clearance"},
	{"eod_1", "EOD level 1"},
	{"eod_2", "EOD level 2"},
	{"eod_3", "EOD level 3"},
	{"iedd", "IED disposal"},
	{"eore", "EO risk education"},
	{"qm", "Quality management"},
	{"medical", "Medical support to demining"},
};

/* --- Gazetteer -------------------------------------------------------- */

static const mais_code settlement_return_status[] = {
	{"not_returned", "Not returned"},
	{"returning", "Return in progress"},
	{"returned", "Returned"},
};

/* --- Hazards and land release ----------------------------------------- */

static const mais_code hazard_class[] = {
	{"indication", "Indication (not yet surveyed)"},
	{"sha", "Suspected hazardous area (SHA)"},
	{"cha", "Confirmed hazardous area (CHA)"},
};

static const mais_code hazard_status[] = {
	{"active", "Active"},
	{"closed", "Closed (released)"},
	{"handed_over", "Handed over"},
};

static const mais_code evidence_type[] = {
	{"direct", "Direct evidence"},
	{"indirect", "Indirect evidence"},
};

static const mais_code source_reliability[] = {
	{"high", "High"},
	{"medium", "Medium"},
	{"low", "Low"},
};

static const mais_code blocked_resource[] = {
	{"housing", "Housing"},
	{"agriculture", "Agricultural land"},
	{"grazing", "Grazing land"},
	{"roads", "Roads and paths"},
	{"water", "Water sources"},
	{"infrastructure", "Infrastructure"},
	{"forest", "Forest"},
	{"education", "Schools"},
	{"health", "Health facilities"},
	{"other", "Other"},
};

static const mais_code land_use[] = {
	{"agriculture", "Agriculture"},	      {"grazing", "Grazing"},
	{"residential", "Residential"},	      {"forest", "Forest"},
	{"infrastructure", "Infrastructure"}, {"other", "Other"},
};

static const mais_code terrain[] = {
	{"flat", "Flat"},
	{"rolling", "Rolling"},
	{"hilly", "Hilly"},
	{"mountainous", "Mountainous"},
	{"wetland", "Wetland or riverbank"},
	{"urban", "Urban / built-up"},
	{"other", "Other"},
};

static const mais_code vegetation[] = {
	{"none", "None"},
	{"light", "Light"},
	{"medium", "Medium"},
	{"dense", "Dense"},
};

static const mais_code activity_type[] = {
	{"nts", "Non-technical survey"},
	{"ts", "Technical survey"},
	{"clearance", "Clearance"},
	{"bac", "Battle area clearance"},
	{"eod_spot_task", "EOD spot task"},
	{"qa", "Quality assurance"},
	{"qc", "Quality control"},
	{"completion", "Completion and handover"},
};

static const mais_code release_method[] = {
	{"cancelled", "Cancelled (non-technical survey)"},
	{"reduced", "Reduced (technical survey)"},
	{"cleared", "Cleared"},
};

static const mais_code asset_type[] = {
	{"manual", "Manual demining"},
	{"mechanical", "Mechanical assets"},
	{"mdd", "Mine detection dogs"},
	{"mdr", "Mine detection rats"},
	{"eod", "EOD team"},
	{"drone", "Drone / remote sensing"},
	{"other", "Other"},
};

static const mais_code task_status[] = {
	{"planned", "Planned"},		{"assigned", "Assigned"},
	{"in_progress", "In progress"}, {"suspended", "Suspended"},
	{"completed", "Completed"},	{"cancelled", "Cancelled"},
};

/* --- Explosive ordnance ----------------------------------------------- */

static const mais_code eo_category[] = {
	{"ap_mine", "Anti-personnel mine"},
	{"at_mine", "Anti-tank / anti-vehicle mine"},
	{"submunition", "Submunition"},
	{"uxo", "Unexploded ordnance (UXO)"},
	{"axo", "Abandoned explosive ordnance (AXO)"},
	{"ied", "Improvised explosive device (IED)"},
	{"booby_trap", "Booby trap"},
	{"small_arms_ammunition", "Small arms ammunition"},
	{"other", "Other"},
	{"unknown", "Unknown"},
};

static const mais_code eo_fate[] = {
	{"destroyed_in_situ", "Destroyed in situ"},
	{"removed", "Removed"},
	{"transported", "Transported for destruction"},
	{"rendered_safe", "Rendered safe"},
	{"handed_over", "Handed over to authorities"},
	{"left_in_place", "Left in place (marked)"},
	{"unknown", "Unknown"},
};

/* --- Accidents and victims -------------------------------------------- */

static const mais_code accident_type[] = {
	{"demining", "Demining accident"},
	{"civilian", "Non-demining (civilian) accident"},
};

static const mais_code activity_at_time[] = {
	{"farming", "Farming"},
	{"herding", "Herding"},
	{"collecting_wood_food", "Collecting wood or food"},
	{"collecting_scrap", "Collecting scrap metal"},
	{"fishing", "Fishing or hunting"},
	{"travelling", "Travelling"},
	{"playing", "Playing"},
	{"tampering", "Tampering with EO"},
	{"household", "Household work"},
	{"construction", "Construction or reconstruction"},
	{"demining", "Demining"},
	{"military_operations", "Military operations"},
	{"other", "Other"},
	{"unknown", "Unknown"},
};

static const mais_code victim_outcome[] = {
	{"killed", "Killed"},
	{"injured", "Injured"},
};

static const mais_code victim_role[] = {
	{"civilian", "Civilian"},
	{"deminer", "Deminer"},
	{"security_force", "Security force"},
};

static const mais_code sex[] = {
	{"female", "Female"},
	{"male", "Male"},
	{"unknown", "Unknown"},
};

/* child and adult (schema 3) are the coarse bands of sources that know
 * only "under 18 / 18 and over" (Colombia's "Menor / Mayor de 18 años"):
 * each follows the fine bands it covers, so a report reads in age order */
static const mais_code age_band[] = {
	{"age_0_9", "0-9 years"},
	{"age_10_17", "10-17 years"},
	{"child", "Under 18 (child; band not known)"},
	{"age_18_45", "18-45 years"},
	{"age_46_plus", "46 years and over"},
	{"adult", "18 and over (adult; band not known)"},
	{"unknown", "Unknown"},
};

static const mais_code injury_type[] = {
	{"amputation_lower_limb", "Amputation, lower limb"},
	{"amputation_upper_limb", "Amputation, upper limb"},
	{"eye", "Eye injury / loss of sight"},
	{"hearing", "Hearing loss"},
	{"fragmentation", "Fragmentation wounds"},
	{"burns", "Burns"},
	{"head", "Head injury"},
	{"spinal", "Spinal injury"},
	{"other", "Other"},
};

static const mais_code va_type[] = {
	{"emergency_medical_care", "Emergency medical care"},
	{"continuing_medical_care", "Continuing medical care"},
	{"rehabilitation", "Physical rehabilitation"},
	{"prosthetics", "Prosthetics and orthotics"},
	{"psychosocial", "Psychological and psychosocial support"},
	{"economic_inclusion", "Socio-economic inclusion"},
	{"education", "Education"},
	{"legal", "Legal aid and rights"},
	{"referral", "Referral to services"},
	{"other", "Other"},
};

/* --- Risk education --------------------------------------------------- */

static const mais_code eore_method[] = {
	{"interpersonal", "Interpersonal (face to face)"},
	{"mass_media", "Mass media (radio, TV, press)"},
	{"digital", "Digital and social media"},
	{"printed", "Printed materials"},
	{"community_liaison", "Community liaison"},
	{"training_of_trainers", "Training of trainers"},
	{"other", "Other"},
};

static const mais_code eore_audience[] = {
	{"general_community", "General community"},
	{"children", "Children (schools)"},
	{"idps_returnees", "IDPs and returnees"},
	{"refugees", "Refugees"},
	{"farmers", "Farmers"},
	{"herders", "Herders"},
	{"collectors", "Wood, food or scrap collectors"},
	{"teachers", "Teachers and community focal points"},
	{"humanitarian_workers", "Humanitarian and development workers"},
	{"other", "Other"},
};

/* --- Quality management ----------------------------------------------- */

static const mais_code qm_type[] = {
	{"qa_visit", "Quality assurance visit"},
	{"qc_inspection", "Quality control (post-clearance inspection)"},
};

static const mais_code qm_result[] = {
	{"conforming", "Conforming"},
	{"minor_nc", "Minor non-conformity"},
	{"major_nc", "Major non-conformity"},
	{"critical_nc", "Critical non-conformity"},
};

/* --- Equipment -------------------------------------------------------- */

static const mais_code equipment_type[] = {
	{"detector", "Metal detector"},
	{"dual_sensor_detector", "Dual-sensor detector"},
	{"mechanical_machine", "Demining machine"},
	{"mdd", "Mine detection dog"},
	{"ppe", "Personal protective equipment"},
	{"vehicle", "Vehicle"},
	{"drone", "Drone"},
	{"other", "Other"},
};

static const mais_code equipment_status[] = {
	{"in_service", "In service"},	{"in_repair", "In repair"},
	{"in_store", "In store"},	{"lost", "Lost"},
	{"written_off", "Written off"},
};

/* --- Funding ---------------------------------------------------------- */

static const mais_code funding_type[] = {
	{"pledge", "Pledge"},
	{"grant", "Grant"},
	{"in_kind", "In-kind contribution"},
};

#define VOCAB(name, source)                          \
	{                                            \
#name, source, name, ARRAY_LEN(name) \
	}

static const mais_vocab vocabs[] = {
	VOCAB(workflow_status, "mais approval workflow (DESIGN.md); IMAS 05.10 "
			       "information management"),
	VOCAB(user_role, "mais roles (DESIGN.md); IMAS 05.10 information "
			 "management"),
	VOCAB(org_type, "IMAS 04.10 glossary (NMAA, demining organisation); "
			"IMSMA organisation types"),
	VOCAB(competency, "IMAS 07.30 accreditation; 08.10, 08.20, 09.10, "
			  "09.11, 09.30 (EOD levels 1-3), 09.31, 09.40, "
			  "09.50, 10.40, 12.10"),
	VOCAB(settlement_return_status, "mais IDP return planning (DESIGN.md)"),
	VOCAB(hazard_class, "IMAS 04.10 glossary; IMAS 07.11 land release; "
			    "IMSMA Land classification"),
	VOCAB(hazard_status, "IMAS 07.11 land release (release, handover); "
			     "IMSMA Land status"),
	VOCAB(evidence_type, "IMAS 07.11 land release; IMAS 08.10 "
			     "non-technical survey"),
	VOCAB(source_reliability, "IMAS 08.10 non-technical survey"),
	VOCAB(blocked_resource, "IMSMA blocked resources; IMAS 07.11 "
				"(socio-economic impact)"),
	VOCAB(land_use, "IMSMA land use; IMAS 07.11 (post-release land use)"),
	VOCAB(terrain, "IMSMA hazard terrain; IMAS 08.10 non-technical survey"),
	VOCAB(vegetation, "IMSMA hazard vegetation; IMAS 08.10 non-technical "
			  "survey"),
	VOCAB(activity_type, "IMAS 07.11 land release; 08.10 NTS; 08.20 TS; "
			     "09.10 clearance; 09.11 BAC; 09.30 EOD; 07.12 "
			     "quality management"),
	VOCAB(release_method, "IMAS 07.11 land release"),
	VOCAB(asset_type, "IMAS 09.10 clearance; 09.40 animal detection "
			  "systems; 09.50 mechanical demining"),
	VOCAB(task_status, "IMAS 07.10 management of demining operations "
			   "(tasking)"),
	VOCAB(eo_category, "IMAS 04.10 glossary; IMSMA EO categories"),
	VOCAB(eo_fate, "IMAS 09.10 clearance; 09.30 EOD; 10.50 storage, "
		       "transportation and destruction"),
	VOCAB(accident_type, "IMAS 10.60 accidents and incidents; IMAS 04.10 "
			     "(demining accident)"),
	VOCAB(activity_at_time,
	      "IMSMA victim activity at the time; IMAS 10.60"),
	VOCAB(victim_outcome, "IMAS 10.60; IMSMA victim status"),
	VOCAB(victim_role, "IMSMA victim type; IMAS 10.60"),
	VOCAB(sex, "IMAS 05.10 (sex and age disaggregated data)"),
	VOCAB(age_band, "mais age bands (DESIGN.md); IMAS 12.10 "
			"disaggregated reporting"),
	VOCAB(injury_type, "IMSMA victim injuries; IMAS 13.10"),
	VOCAB(va_type, "IMAS 13.10 victim assistance"),
	VOCAB(eore_method, "IMAS 12.10 explosive ordnance risk education"),
	VOCAB(eore_audience, "IMAS 12.10 explosive ordnance risk education"),
	VOCAB(qm_type, "IMAS 07.12 quality management; IMAS 09.20 "
		       "post-clearance inspection"),
	VOCAB(qm_result, "IMAS 07.12 quality management (non-conformities)"),
	VOCAB(equipment_type, "IMAS 03.40 test and evaluation of equipment; "
			      "IMAS 10.30 PPE"),
	VOCAB(equipment_status, "mais asset register (DESIGN.md)"),
	VOCAB(funding_type, "mais funding (DESIGN.md)"),
};
/* clang-format on */

const mais_vocab *mais_vocab_all(size_t *count)
{
	if (count)
		*count = ARRAY_LEN(vocabs);
	return vocabs;
}

const mais_vocab *mais_vocab_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(vocabs); i++)
		if (strcmp(vocabs[i].name, name) == 0)
			return &vocabs[i];
	return NULL;
}

const mais_code *mais_vocab_lookup(const mais_vocab *v, const char *code)
{
	if (!v || !code)
		return NULL;
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->codes[i].code, code) == 0)
			return &v->codes[i];
	return NULL;
}
