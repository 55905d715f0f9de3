# mais — top-level Makefile: the commands a person types.  CMake does the
# real build (CMakeLists.txt); this file installs dependencies, drives CMake
# and ctest, and creates the sample database.
#
#   make          build (installs missing Debian packages first)
#   make test     build and run all tests, then the unit tests under ASan/UBSan
#   make run      create data/mais.gpkg from data/samples if absent, report
#                 land released by admin area, check the database
#   make clean    remove build directories (never data/*.gpkg)
#
# MAIS_NO_INSTALL=1 skips the package installation.

SHELL     := bash
.SHELLFLAGS := -eu -o pipefail -c
JOBS      := $(shell nproc 2>/dev/null || echo 2)
MAIS      := build/mais
SAMPLE_DB := data/mais.gpkg
C_FILES    = $(shell find src include tests -name '*.[ch]' 2>/dev/null)

SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: build deps test test-asan run clean format format-check
.DEFAULT_GOAL := build

deps:
	scripts/install-deps

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build -j$(JOBS)

test: build
	ctest --test-dir build --output-on-failure --no-tests=error
	$(MAKE) --no-print-directory test-asan

test-asan: deps
	cmake -S . -B build-asan -DMAIS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-asan -j$(JOBS)
	$(SAN_ENV) ctest --test-dir build-asan --output-on-failure --no-tests=error -L "unit|integration"

# The sample database is created once and never overwritten: it may hold
# the user's own data.  Then the main job: the land release report, and
# the database check.
run: build
	@[ -e $(SAMPLE_DB) ] || scripts/sample-db $(MAIS) $(SAMPLE_DB)
	$(MAIS) report land-release $(SAMPLE_DB) --by admin
	$(MAIS) check $(SAMPLE_DB)

clean:
	rm -rf build build-asan

format:
	$(if $(C_FILES),clang-format -i $(C_FILES))

format-check:
	$(if $(C_FILES),clang-format --dry-run -Werror $(C_FILES))
