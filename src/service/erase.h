/*
 * erase.h — erasing a victim's personal data, in the use-case layer
 * (issue 8 item 7; DESIGN.md "Accident and victim": victims' records are
 * sensitive personal data).  Where the law or a withdrawn consent
 * requires it, a user with the victim-assistance right and IM
 * administration redacts the personal fields of a victim — and those of
 * the assistance records about that person — in the record and in every
 * version; an audit entry says what was redacted, by whom and why;
 * nothing else in the history changes (no version is made, the version
 * number stays).  Every adapter (HTTP, CLI) calls svc_victim_erase and
 * nothing below it.
 *
 * Ownership: everything is the caller's; the result holds no pointer
 * that needs freeing (column names are the data dictionary's, static).
 *
 * Errors: MAIS_ENOTFOUND (no such victim, or one of an organisation the
 * user does not see: the same answer, so that it tells nothing),
 * MAIS_EFORBIDDEN (the user lacks the victim-assistance right or IM
 * administration, or is disabled),
 * MAIS_EINVAL (a missing or blank reason; the message names
 * "erasure.reason"), MAIS_ELIMIT (a reason over MAIS_MAX_TEXT_FIELD
 * bytes), MAIS_ESTORE.  On any of them nothing is changed.
 */
#ifndef MAIS_SERVICE_ERASE_H
#define MAIS_SERVICE_ERASE_H

#include "mais/store.h"
#include "mais/users.h"

/* What svc_victim_erase did. */
typedef struct svc_erase_result {
	char uuid[37];
	char reference[64];	   /* the victim's (VI-000012) */
	mais_store_erasure victim; /* columns erased, versions redacted */
	size_t assistance;	   /* victim assistance records of the
				      person whose personal fields were
				      erased too (each audited) */
	int scrubbed;		   /* 1: no erased byte is left in the
				      file; 0: the erasure stands (it is
				      committed) but other connections
				      kept the database's log in use, and
				      warning says so */
	char warning[256];
} svc_erase_result;

/*
 * Erases the personal data of the victim given by UUID or reference, as
 * user `by` (the user as stored: roles, organisation, teams) working from
 * `address` ("cli", "127.0.0.1"), for `reason` (what requires it: a law,
 * a withdrawn consent, a document's reference).  In one transaction: the
 * victim's sensitive columns, and those of every victim assistance record
 * that refers to it, are nulled in the rows and removed from every
 * version (mais_store_erase_personal), each record with its audit entry
 * "erase_personal_data"; then the file is scrubbed.  *out is filled on
 * success.
 */
int svc_victim_erase(mais_store *s, const mais_user_info *by,
		     const char *address, const char *victim,
		     const char *reason, svc_erase_result *out);

#endif
