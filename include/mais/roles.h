/*
 * roles.h — the roles a user holds for an organisation (DESIGN.md "Users
 * and permissions"): one bit each, in the order of the user_role
 * vocabulary (vocab.c), so that role i is the code mais_role_code(1u << i)
 * of users.h.  What each role may do is the policy's (policy.h); which
 * roles a user holds is the store's (users.h).  Both include this header.
 */
#ifndef MAIS_ROLES_H
#define MAIS_ROLES_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
	MAIS_ROLE_VIEWER = 1u << 0,
	MAIS_ROLE_DATA_ENTRY = 1u << 1,
	MAIS_ROLE_VERIFIER = 1u << 2,
	MAIS_ROLE_APPROVER = 1u << 3,
	MAIS_ROLE_IM_ADMIN = 1u << 4,
	MAIS_ROLE_SYS_ADMIN = 1u << 5,
	MAIS_ROLE_VICTIM_ASSISTANCE = 1u << 6,
	MAIS_ROLE_ALL = (1u << 7) - 1
};

#ifdef __cplusplus
}
#endif
#endif
