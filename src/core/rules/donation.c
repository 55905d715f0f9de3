/*
 * donation.c — a donation of equipment creates its assets (donation.h).
 */
#include "mais/donation.h"
#include "mais/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mais_donation_serials_free(char **serials, size_t count)
{
	for (size_t i = 0; serials && i < count; i++)
		free(serials[i]);
	free(serials);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int mais_donation_serials(const char *text, char ***out, size_t *count)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	const char *p = text;

	*out = NULL;
	*count = 0;
	while (p && *p) {
		const char *start = p, *end;

		while (*p && *p != ';' && *p != ',')
			p++;
		end = p;
		if (*p)
			p++;
		while (start < end && is_space(*start))
			start++;
		while (end > start && is_space(end[-1]))
			end--;
		if (start == end)
			continue;
		if (n == cap) {
			size_t c2 = cap ? cap * 2 : 16;
			char **nv = realloc(v, c2 * sizeof *nv);

			if (!nv)
				goto nomem;
			v = nv;
			cap = c2;
		}
		if (!(v[n] = strndup(start, (size_t)(end - start))))
			goto nomem;
		n++;
	}
	*out = v;
	*count = n;
	return 0;
nomem:
	mais_donation_serials_free(v, n);
	return mais_error_nomem();
}

/* The donation's quantity, checked. */
static int quantity_of(const mais_record *d, long long *q)
{
	const char *v = mais_record_get(d, "quantity");
	char *end;

	if (!v)
		return mais_error_set(MAIS_EINVAL, "donation.quantity: "
						   "required");
	errno = 0;
	*q = strtoll(v, &end, 10);
	if (errno || *end || end == v || *q < 1 ||
	    *q > MAIS_DONATION_MAX_QUANTITY)
		return mais_error_set(MAIS_EINVAL,
				      "donation.quantity: '%s' is not a number "
				      "of items from 1 to %d",
				      v, MAIS_DONATION_MAX_QUANTITY);
	return 0;
}

int mais_donation_check(const mais_record *d)
{
	char **serials;
	size_t n;
	long long q;
	int rc;

	if ((rc = quantity_of(d, &q)) < 0)
		return rc;
	rc = mais_donation_serials(mais_record_get(d, "serials"), &serials,
				   &n);
	if (rc < 0)
		return rc;
	mais_donation_serials_free(serials, n);
	if (n && (long long)n != q)
		return mais_error_set(MAIS_EINVAL,
				      "donation.serials: %zu serial numbers "
				      "for a quantity of %lld (give one a "
				      "unit, separated by ';' or ',', or "
				      "none)",
				      n, q);
	return 0;
}

/* Sets column to value when value is given. */
static int set_if(mais_record *r, const char *column, const char *value)
{
	return value ? mais_record_set(r, column, value) : 0;
}

static int one_asset(const mais_record *d, const char *serial,
		     mais_record **out)
{
	const char *org = mais_record_get(d, "recipient_uuid");
	const char *status = mais_record_get(d, "status");
	mais_record *r;
	int rc;

	if (!org)
		org = mais_record_get(d, "organisation_uuid");
	rc = mais_record_new(&r, "equipment");
	if (rc < 0)
		return rc;
	if (status)
		rc = mais_record_set_system(r, "status", status);
	if (rc == 0)
		rc = set_if(r, "equipment_type",
			    mais_record_get(d, "equipment_type"));
	if (rc == 0)
		rc = set_if(r, "make", mais_record_get(d, "make"));
	if (rc == 0)
		rc = set_if(r, "model", mais_record_get(d, "model"));
	if (rc == 0)
		rc = set_if(r, "serial", serial);
	if (rc == 0)
		rc = set_if(r, "donor_uuid", mais_record_get(d, "donor_uuid"));
	if (rc == 0)
		rc = set_if(r, "received_date",
			    mais_record_get(d, "donation_date"));
	if (rc == 0)
		rc = mais_record_set(r, "equipment_status",
				     MAIS_DONATION_ASSET_STATUS);
	if (rc == 0)
		rc = set_if(r, "organisation_uuid", org);
	if (rc == 0)
		rc = set_if(r, "info_date", mais_record_get(d, "info_date"));
	if (rc == 0)
		rc = mais_record_set(r, "donation_uuid", mais_record_uuid(d));
	if (rc < 0) {
		mais_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int mais_donation_assets(const mais_record *d, mais_record ***out,
			 size_t *count)
{
	mais_record **v;
	char **serials;
	size_t n;
	long long q;
	int rc;

	*out = NULL;
	*count = 0;
	if (!mais_record_uuid(d))
		return mais_error_set(MAIS_EINVAL,
				      "donation: assets of a donation never "
				      "stored");
	if ((rc = mais_donation_check(d)) < 0 ||
	    (rc = quantity_of(d, &q)) < 0)
		return rc;
	rc = mais_donation_serials(mais_record_get(d, "serials"), &serials,
				   &n);
	if (rc < 0)
		return rc;
	if (!(v = calloc((size_t)q, sizeof *v))) {
		mais_donation_serials_free(serials, n);
		return mais_error_nomem();
	}
	for (size_t i = 0; rc == 0 && i < (size_t)q; i++)
		rc = one_asset(d, n ? serials[i] : NULL, &v[i]);
	mais_donation_serials_free(serials, n);
	if (rc < 0) {
		for (size_t i = 0; i < (size_t)q; i++)
			mais_record_free(v[i]);
		free(v);
		return rc;
	}
	*out = v;
	*count = (size_t)q;
	return 0;
}
