/* test_error.c — the per-thread last error and mais_strerror. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "mais/error.h"
#include "mais/limits.h"

static void test_set_returns_code_and_formats(void **state)
{
	(void)state;
	assert_int_equal(mais_error_set(MAIS_EINVAL, "row %d: field '%s'", 7, "area"),
			 MAIS_EINVAL);
	assert_string_equal(mais_error_last(), "row 7: field 'area'");
	assert_int_equal(mais_error_last_code(), MAIS_EINVAL);
	mais_error_clear();
	assert_string_equal(mais_error_last(), "");
	assert_int_equal(mais_error_last_code(), 0);
}

static void test_long_message_is_truncated(void **state)
{
	char big[MAIS_MAX_ERROR_MESSAGE * 2];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	mais_error_set(MAIS_ELIMIT, "%s", big);
	assert_int_equal(strlen(mais_error_last()), MAIS_MAX_ERROR_MESSAGE - 1);
}

static void *other_thread(void *arg)
{
	(void)arg;
	mais_error_set(MAIS_EIO, "other thread");
	return NULL;
}

static void test_error_is_per_thread(void **state)
{
	pthread_t t;

	(void)state;
	mais_error_set(MAIS_EGEOM, "this thread");
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	pthread_join(t, NULL);
	assert_string_equal(mais_error_last(), "this thread");
}

static void test_strerror_names_every_code(void **state)
{
	(void)state;
	for (int c = MAIS_ERROR_CODE_MIN; c <= 0; c++)
		assert_string_not_equal(mais_strerror(c), "unknown error");
	assert_string_equal(mais_strerror(-999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_returns_code_and_formats),
		cmocka_unit_test(test_long_message_is_truncated),
		cmocka_unit_test(test_error_is_per_thread),
		cmocka_unit_test(test_strerror_names_every_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
