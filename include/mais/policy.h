/*
 * policy.h — who may do what: the permission policy, roles × acts ×
 * organisations (DESIGN.md "Users and permissions"), written once and
 * asked by every path a read or a write comes through (the HTTP API, the
 * upload import, the CLI acting as a user, later field submissions).
 *
 * Roles are held for an organisation: viewer, data entry, verifier,
 * approver, IM administrator, system administrator, and the
 * victim-assistance right that opens victims' personal data.  A user of
 * an organisation of type "authority" (and a system administrator) sees
 * every organisation; any other user sees and writes only records whose
 * organisation_uuid is their organisation or one of its teams (the
 * organisations under it).  A record with no organisation is the
 * authority's.  Shared reference data (organisations, admin areas,
 * settlements, exchange rates) is read by every user and written only by
 * administrators; an organisation of type authority is made (or an
 * organisation made one) only by a user of the authority.
 *
 * The CLI run by the machine's administrator acts as the system
 * (mais_principal.system): every act is allowed.
 *
 * Pure: no store, no I/O.  Functions that answer a question return 1 or
 * 0; functions that check a write return 0 or MAIS_EFORBIDDEN with a
 * message naming the entity and field ("victim.given_name: ...").
 */
#ifndef MAIS_POLICY_H
#define MAIS_POLICY_H

#include <stddef.h>
#include "mais/limits.h"
#include "mais/record.h"
#include "mais/roles.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mais_act {
	MAIS_ACT_READ,
	MAIS_ACT_CREATE,
	MAIS_ACT_UPDATE,
	MAIS_ACT_SUBMIT,
	MAIS_ACT_VERIFY,
	MAIS_ACT_APPROVE,
	MAIS_ACT_REJECT,
	MAIS_ACT_IMPORT,
	MAIS_ACT_READ_SENSITIVE,
	MAIS_ACT_ADMIN_USERS,
	MAIS_ACT_REOPEN /* a closed hazard made active again (a find after
			   clearance): approvers and administrators */
} mais_act;

/* Who acts, as the policy sees them. */
typedef struct mais_principal {
	int system;		    /* 1: the CLI's administrator, every act */
	char organisation_uuid[37]; /* "" for none */
	int is_authority;	    /* the organisation is an authority */
	unsigned roles;		    /* MAIS_ROLE_* */
	int must_change_password;   /* nothing is allowed until changed */
	size_t nteams;		    /* organisations under the user's */
	char teams[MAIS_MAX_ORG_TEAMS][37];
} mais_principal;

/* The system principal (every act), for the CLI's administrator. */
void mais_principal_system(mais_principal *p);

/* 1 if the entity is shared reference data (read by all, written by
 * administrators). */
int mais_policy_shared(const char *entity);

/* 1 if p sees records of every organisation for entity (NULL: of every
 * entity: the system, the authority, a system administrator). */
int mais_policy_sees_all(const mais_principal *p, const char *entity);

/* 1 if org ("" or NULL: the authority's) is p's organisation or one of
 * its teams, or p sees every organisation. */
int mais_policy_in_scope(const mais_principal *p, const char *org);

/*
 * 1 if p may do act on a record of entity owned by record_org (NULL: no
 * record yet, the role decides; "": the authority's record), else 0.
 * Always 0 while p must change its password.  MAIS_ACT_READ_SENSITIVE
 * needs the victim_assistance right whatever the other roles.
 */
int mais_policy_can(const mais_principal *p, mais_act act, const char *entity,
		    const char *record_org);

/* 1 if p may give roles to a user (system, sys_admin: any; im_admin: any
 * but sys_admin, and victim_assistance only if it holds it), else 0. */
int mais_policy_can_grant(const mais_principal *p, unsigned roles);

/* 1 if p may make an organisation of org_type, or make one that type:
 * "authority" only for a user of the authority, a system administrator
 * or the system. */
int mais_policy_org_type(const mais_principal *p, const char *org_type);

/* The organisation p's new records belong to when the data names none:
 * p's own, or NULL for the system and a user of no organisation (the
 * record is then the authority's).  Borrowed from p. */
const char *mais_policy_default_org(const mais_principal *p);

/*
 * Checks a write of record r by p (old: the stored record for an update,
 * NULL for a create) with act (CREATE, UPDATE or a workflow step):
 *   - act on old's organisation and on r's (an operator's user may not
 *     move a record into another organisation, nor make one in it);
 *   - a sensitive column set or changed needs the victim_assistance
 *     right (a column left as stored is not a change);
 *   - an organisation of type authority needs mais_policy_org_type.
 * 0, or MAIS_EFORBIDDEN naming the entity and, where one is to blame,
 * the field.
 */
int mais_policy_check_write(const mais_principal *p, mais_act act,
			    const mais_record *old, const mais_record *r);

/* The act that makes a record of a new record's workflow status:
 * CREATE (draft), SUBMIT (submitted), VERIFY (verified), APPROVE
 * (approved), REJECT (rejected). */
mais_act mais_policy_act_for_status(const char *status);

#ifdef __cplusplus
}
#endif
#endif
