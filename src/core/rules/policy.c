/*
 * policy.c — the permission policy of policy.h: a table from act to the
 * roles that allow it, then the organisation scope, then what a write
 * may change (sensitive columns, organisation types).  One answer for
 * every adapter: the server, the upload import and the CLI ask here
 * through the use-case layer, and nothing else decides.
 */
#include "mais/policy.h"
#include "mais/error.h"

#include <string.h>

#define ADMINS (MAIS_ROLE_IM_ADMIN | MAIS_ROLE_SYS_ADMIN)

void mais_principal_system(mais_principal *p)
{
	memset(p, 0, sizeof *p);
	p->system = 1;
	p->is_authority = 1;
	p->roles = MAIS_ROLE_ALL;
}

/* The roles that allow an act (before the organisation scope). */
static unsigned roles_for(mais_act act)
{
	switch (act) {
	case MAIS_ACT_READ:
		return MAIS_ROLE_ALL;
	case MAIS_ACT_CREATE:
	case MAIS_ACT_UPDATE:
	case MAIS_ACT_SUBMIT:
	case MAIS_ACT_IMPORT: /* uploads are stored as submitted */
		return MAIS_ROLE_DATA_ENTRY | ADMINS;
	case MAIS_ACT_VERIFY:
		return MAIS_ROLE_VERIFIER | ADMINS;
	case MAIS_ACT_APPROVE:
	case MAIS_ACT_REOPEN:
		return MAIS_ROLE_APPROVER | ADMINS;
	case MAIS_ACT_REJECT:
		return MAIS_ROLE_VERIFIER | MAIS_ROLE_APPROVER | ADMINS;
	case MAIS_ACT_READ_SENSITIVE:
		return MAIS_ROLE_VICTIM_ASSISTANCE;
	case MAIS_ACT_ADMIN_USERS:
		return ADMINS;
	}
	return 0;
}

int mais_policy_shared(const char *entity)
{
	static const char *shared[] = {"organisation", "admin_area",
				       "settlement", "exchange_rate"};

	for (size_t i = 0; entity && i < sizeof shared / sizeof shared[0]; i++)
		if (strcmp(entity, shared[i]) == 0)
			return 1;
	return 0;
}

int mais_policy_in_scope(const mais_principal *p, const char *org)
{
	if (p->system || p->is_authority || (p->roles & MAIS_ROLE_SYS_ADMIN))
		return 1;
	if (!org || !*org || !*p->organisation_uuid)
		return 0;
	if (strcmp(org, p->organisation_uuid) == 0)
		return 1;
	for (size_t i = 0; i < p->nteams && i < MAIS_MAX_ORG_TEAMS; i++)
		if (strcmp(org, p->teams[i]) == 0)
			return 1;
	return 0;
}

int mais_policy_sees_all(const mais_principal *p, const char *entity)
{
	if (!p || p->must_change_password)
		return 0;
	return p->system || p->is_authority ||
	       (p->roles & MAIS_ROLE_SYS_ADMIN) || mais_policy_shared(entity);
}

/*
 * record_org NULL: no record yet (a create, an import, a report): the
 * role decides.  "": a record that belongs to no organisation, i.e. the
 * authority's: only the authority and system administrators reach it,
 * as DESIGN.md says ("an operator's staff see and edit their own
 * organisation's records; the authority sees all").
 */
int mais_policy_can(const mais_principal *p, mais_act act, const char *entity,
		    const char *record_org)
{
	if (!p || p->must_change_password || !(p->roles & roles_for(act)))
		return 0;
	if (p->system)
		return 1;
	/* reference data (organisations and their types, admin areas,
	 * settlements, rates) is the administrators' to change */
	if (act != MAIS_ACT_READ && mais_policy_shared(entity) &&
	    !(p->roles & ADMINS))
		return 0;
	if (act == MAIS_ACT_READ && mais_policy_shared(entity))
		return 1;
	return !record_org || mais_policy_in_scope(p, record_org);
}

int mais_policy_can_grant(const mais_principal *p, unsigned roles)
{
	if (p->must_change_password || (roles & ~(unsigned)MAIS_ROLE_ALL))
		return 0;
	if (p->system || (p->roles & MAIS_ROLE_SYS_ADMIN))
		return 1;
	/* the right to victims' personal data is given only by one who
	 * holds it: an IM administrator without it would otherwise make an
	 * account that reads (and, as IM administrator, erases) them */
	if ((roles & MAIS_ROLE_VICTIM_ASSISTANCE) &&
	    !(p->roles & MAIS_ROLE_VICTIM_ASSISTANCE))
		return 0;
	return (p->roles & MAIS_ROLE_IM_ADMIN) &&
	       !(roles & MAIS_ROLE_SYS_ADMIN);
}

int mais_policy_org_type(const mais_principal *p, const char *org_type)
{
	if (!org_type || strcmp(org_type, "authority") != 0)
		return 1;
	return p->system || p->is_authority || (p->roles & MAIS_ROLE_SYS_ADMIN);
}

const char *mais_policy_default_org(const mais_principal *p)
{
	return p->system || !*p->organisation_uuid ? NULL
						   : p->organisation_uuid;
}

static const char *org_of(const mais_record *r)
{
	const char *org = r ? mais_record_get(r, "organisation_uuid") : NULL;

	return org ? org : "";
}

static int forbidden(const mais_record *r, const char *field, const char *why)
{
	return mais_error_set(MAIS_EFORBIDDEN, "%s%s%s: %s",
			      mais_record_entity(r)->name, field ? "." : "",
			      field ? field : "", why);
}

/* 1 if column i of r differs from old's (old NULL: r sets it). */
static int changed(const mais_record *old, const mais_record *r, size_t i)
{
	const char *a = old ? mais_record_value(old, i) : NULL;
	const char *b = mais_record_value(r, i);

	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

static int check_sensitive(const mais_principal *p, const mais_record *old,
			   const mais_record *r)
{
	const mais_entity *e = mais_record_entity(r);

	if (mais_policy_can(p, MAIS_ACT_READ_SENSITIVE, e->name, NULL))
		return 0;
	for (size_t i = 0; i < e->ncolumns; i++)
		if ((e->columns[i].flags & MAIS_COL_SENSITIVE) &&
		    changed(old, r, i))
			return forbidden(r, e->columns[i].name,
					 "needs the victim_assistance right");
	return 0;
}

static int check_org_type(const mais_principal *p, const mais_record *old,
			  const mais_record *r)
{
	const char *type;

	if (strcmp(mais_record_entity(r)->name, "organisation") != 0)
		return 0;
	type = mais_record_get(r, "org_type");
	if (old && type && mais_record_get(old, "org_type") &&
	    !strcmp(type, mais_record_get(old, "org_type")))
		return 0; /* unchanged */
	if (mais_policy_org_type(p, type))
		return 0;
	return forbidden(r, "org_type",
			 "only a user of the authority makes an "
			 "organisation an authority");
}

int mais_policy_check_write(const mais_principal *p, mais_act act,
			    const mais_record *old, const mais_record *r)
{
	const char *entity = mais_record_entity(r)->name;

	if (old && !mais_policy_can(p, act, entity, org_of(old)))
		return forbidden(r, NULL,
				 "your roles or organisation do not allow "
				 "this");
	if (!mais_policy_can(p, act, entity, org_of(r)))
		return forbidden(r, "organisation_uuid",
				 "your roles or organisation do not allow "
				 "this for this organisation");
	if (check_sensitive(p, old, r) < 0)
		return MAIS_EFORBIDDEN;
	return check_org_type(p, old, r);
}

mais_act mais_policy_act_for_status(const char *status)
{
	if (!status || !strcmp(status, "draft"))
		return MAIS_ACT_CREATE;
	if (!strcmp(status, "submitted"))
		return MAIS_ACT_SUBMIT;
	if (!strcmp(status, "verified"))
		return MAIS_ACT_VERIFY;
	if (!strcmp(status, "approved"))
		return MAIS_ACT_APPROVE;
	return MAIS_ACT_REJECT;
}
