# mais — top-level Makefile: the commands a person types.  CMake does the
# real build (CMakeLists.txt); this file installs dependencies, drives CMake
# and ctest, and creates the sample database.
#
#   make          build (installs missing Debian packages first)
#   make test     build and run all tests, then the unit tests under ASan/UBSan
#   make run      create data/mais.gpkg from data/samples if absent (printing
#                 the admin's one-time password), check it, serve it on :8080
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

.PHONY: build deps test test-asan run clean format format-check docs
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

# The main job: the server on the sample database.  The database is
# created once and never overwritten (it may hold the user's own data);
# the first time, `mais user add` prints the administrator's one-time
# password.  LISTEN=0.0.0.0:8080 serves the office network.
LISTEN ?= 127.0.0.1:8080
run: build
	@if [ -e $(SAMPLE_DB) ]; then \
		echo "using $(SAMPLE_DB); a forgotten password is reset with:" \
		     "$(MAIS) user passwd $(SAMPLE_DB) admin"; \
	else scripts/sample-db $(MAIS) $(SAMPLE_DB); fi
	$(MAIS) check $(SAMPLE_DB) >/dev/null
	$(MAIS) serve $(SAMPLE_DB) --listen $(LISTEN)

# Documents generated from their one source (the route table).
docs: build
	$(MAIS) api-reference > docs/api-reference.md

clean:
	rm -rf build build-asan

format:
	$(if $(C_FILES),clang-format -i $(C_FILES))

format-check:
	$(if $(C_FILES),clang-format --dry-run -Werror $(C_FILES))
