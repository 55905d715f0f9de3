/*
 * lr.c — land release in the use-case layer (lr.h).  For now a thin
 * wrapper over the accounting of src/core/landrelease.c, which the one
 * kernel replaces.
 */
#include "service/lr.h"

#include <stdio.h>

int svc_lr_account(mais_store *s, const char *hazard_uuid, int which,
		   mais_lr_account *out)
{
	(void)which;
	return mais_landrelease_account(s, hazard_uuid, out);
}

int svc_lr_check(mais_store *s, mais_record *r, char clipped_msg[256])
{
	mais_lr_effect fx;
	int rc = mais_landrelease_check(s, r, &fx);

	mais_record_free(fx.close_hazard);
	clipped_msg[0] = '\0';
	if (rc == 0 && fx.clipped)
		snprintf(clipped_msg, 256, "%s", fx.message);
	return rc;
}
