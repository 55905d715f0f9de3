/*
 * victim_dup.c — possible duplicate victims (operations.h): the same
 * given and family names, compared by their name keys (without case or
 * accents, admin.h), in the same accident.  Identical rows are separate
 * people and are never merged; a match is only flagged for a person to
 * look at.
 */
#include "mais/operations.h"
#include "mais/admin.h"

#include <string.h>

static int key_of(const mais_record *r, const char *col, char *out, size_t len)
{
	const char *v = mais_record_get(r, col);

	out[0] = '\0';
	return v ? mais_name_key(v, out, len) : 0;
}

int mais_victim_names_of(const mais_record *victim, mais_victim_names *out)
{
	int rc = key_of(victim, "given_name", out->given, sizeof out->given);

	if (rc == 0)
		rc = key_of(victim, "family_name", out->family,
			    sizeof out->family);
	if (rc < 0 || !*out->given || !*out->family)
		out->given[0] = out->family[0] = '\0';
	return rc;
}

int mais_victim_same_person(const mais_record *victim,
			    const mais_victim_names *names,
			    const mais_record *other)
{
	const char *a = mais_record_uuid(victim), *b = mais_record_uuid(other);
	mais_victim_names o;
	int rc;

	if (!*names->given || (a && b && !strcmp(a, b)))
		return 0;
	if ((rc = mais_victim_names_of(other, &o)) < 0)
		return rc;
	return !strcmp(o.given, names->given) &&
	       !strcmp(o.family, names->family);
}
