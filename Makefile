# ctriage: offline triage of Cilium sysdumps.
#
#   make            build ./ctriage and build/libctriage.a
#   make check      install missing -dev packages, build, run every test
#                   (unit tests under ASan+UBSan, then the CLI tests)
#   make demo       install missing packages, build, analyze testdata/
#   make check-corpus  read ../shared/corpus through ingest (skips if absent)
#   make bench      benchmarks (figures go into issue notes)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Warnings are errors.  SANITIZE=address,undefined builds everything with
# those sanitizers (check always builds its own sanitized copy).

VERSION	:= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/ctriage
CORPUS	?= ../shared/corpus

CC	?= cc
PKGS	:= libarchive yaml-0.1 jansson libpcre2-8
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN	:= -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wmissing-declarations -Wold-style-definition \
	   -Wwrite-strings -Wpointer-arith -Wcast-qual -Wvla -Wundef \
	   -Wimplicit-fallthrough -Wredundant-decls -Wnested-externs \
	   -Wdouble-promotion -fno-common -Werror
IS_GCC	:= $(shell $(CC) --version 2>/dev/null | grep -qi 'free software foundation' && echo y)
ifeq ($(IS_GCC),y)
WARN	+= -Wlogical-op -Wduplicated-cond -Wduplicated-branches
else
WARN	+= -Wcomma -Wunreachable-code
endif

OPT	?= -O2 -g
CPPFLAGS_ALL = -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude \
	   -DCTRIAGE_VERSION='"$(VERSION)"' -DCTRIAGE_RULES_DIR='"$(DATADIR)/rules"'
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
ifneq ($(SANITIZE),)
CFLAGS_ALL += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_SAN = -fsanitize=$(SANITIZE)
endif

B	?= build
LIB_SRC	:= $(sort $(filter-out src/main.c,$(wildcard src/*.c)))
LIB_OBJ	:= $(LIB_SRC:src/%.c=$(B)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
TEST_SUPPORT := $(sort $(wildcard tests/unit/support_*.c))
CORPUS_SRC := $(sort $(wildcard tests/corpus/corpus_*.c))
CORPUS_SUPPORT := $(sort $(wildcard tests/corpus/support_*.c))
CORPUS_BIN := $(CORPUS_SRC:tests/corpus/%.c=$(B)/corpus/%)
HELPERS	:= $(B)/mkarchive

.PHONY: all deps check check-unit check-cli check-corpus check-scenarios demo bench install \
	uninstall clean lint hdr-check tests

all: ctriage

ctriage: $(B)/ctriage
	cp $< $@

$(B)/ctriage: $(B)/obj/main.o $(B)/libctriage.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_SAN) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(B)/libctriage.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/obj/%.o: src/%.c $(wildcard include/*.h) | $(B)/obj
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(B)/libctriage.a $(wildcard tests/unit/*.h) | $(B)/tests
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CPPFLAGS) $(CFLAGS_ALL) $(LDFLAGS_SAN) -o $@ $< $(TEST_SUPPORT) \
	    $(B)/libctriage.a $(PKG_LIBS) $(CMOCKA_LIBS) $(LDFLAGS)

# Corpus programs read ../shared/corpus files through one parser family
# each; check-corpus runs them with the corpus directory as argument.
# Every tests/corpus/support_*.c (their shared scaffolding) is linked into
# each of them, beside the unit tests' support files.
$(B)/corpus/%: tests/corpus/%.c $(TEST_SUPPORT) $(CORPUS_SUPPORT) $(B)/libctriage.a \
	    $(wildcard tests/unit/*.h) $(wildcard tests/corpus/*.h) | $(B)/corpus
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CPPFLAGS) $(CFLAGS_ALL) $(LDFLAGS_SAN) -o $@ $< \
	    $(TEST_SUPPORT) $(CORPUS_SUPPORT) $(B)/libctriage.a $(PKG_LIBS) $(CMOCKA_LIBS) $(LDFLAGS)

$(B)/mkarchive: tests/helpers/mkarchive.c | $(B)
	$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(CFLAGS_ALL) $(LDFLAGS_SAN) -o $@ $< $(PKG_LIBS) $(LDFLAGS)

$(B) $(B)/obj $(B)/tests $(B)/corpus:
	mkdir -p $@

tests: $(TEST_BIN) $(CORPUS_BIN) $(HELPERS) $(B)/ctriage

deps:
	@sh scripts/install-deps.sh

# The unit tests and the CLI tests run against a sanitized build in
# build/san, so `make check` always exercises ASan and UBSan.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory B=build/san SANITIZE=address,undefined OPT='-O1 -g' tests
	@sh scripts/run-tests.sh build/san

check-corpus: deps
	@$(MAKE) --no-print-directory B=build/san SANITIZE=address,undefined OPT='-O1 -g' tests
	@sh scripts/check-corpus.sh build/san $(CORPUS)

# One scenario or a few: make check-scenarios SCENARIOS="demo sel-typo".
check-scenarios: deps
	@$(MAKE) --no-print-directory B=build/san SANITIZE=address,undefined OPT='-O1 -g' tests
	@sh tests/scenarios/run.sh build/san $(SCENARIOS)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all $(B)/mkarchive
	@sh scripts/bench.sh

lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|strncat|strtok|gets|atoi)[[:space:]]*\(' src/*.c include/*.h || \
	    { echo "lint: banned call"; exit 1; }
	@$(MAKE) --no-print-directory hdr-check
	@if command -v mandoc >/dev/null; then mandoc -Tlint -Wwarning man/ctriage.1; fi

# Each header compiles alone (the typedef keeps a macro-only header from
# being an empty translation unit).
hdr-check:
	@for h in include/*.h; do \
	    printf '#include "%s"\ntypedef int hdr_check_tu;\n' "$${h#include/}" | \
	    $(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -x c -fsyntax-only - || exit 1; \
	done; echo "hdr-check: ok"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/rules
	install -m 0755 ctriage $(DESTDIR)$(BINDIR)/ctriage
	install -m 0644 man/ctriage.1 $(DESTDIR)$(MANDIR)/man1/ctriage.1
	for f in rules/*.yaml; do [ -e "$$f" ] || continue; \
	    install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/rules/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 scripts/ctriage.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ctriage

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ctriage $(DESTDIR)$(MANDIR)/man1/ctriage.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ctriage
