# SPDX-License-Identifier: GPL-2.0-only
# pktpath — plain GNU make, pkg-config. `make help` lists the targets.
#
# Layout:
#   src/{base,out,net,tools,scene}/*.c -> build/libpktpath.a  the engine: no curses, readline or libnl
#   src/netlink/*.c  -> build/libpktpath-nl.a  the libnl adapter, the only libnl user
#   ui/*.c + libs    -> ./pktpath
#   tests/unit/test-*.c (+ other tests/unit/*.c as helpers) + libpktpath.a + cmocka
#                    -> build/tests/test-*     (no curses: a stray curses call fails the link)
#   tests/oracle/gen.c -> build/tests/oracle-gen
#   tests/traffic/sockhelper.c -> build/tests/sockhelper
# `make test` also builds everything with ASan/UBSan into build-san/ (build-san/pktpath is
# what the oracle suites run) and then runs tests/run-suites.sh.

.DEFAULT_GOAL := all
SHELL := /bin/bash

PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wwrite-strings -Wpointer-arith -Wundef -Wcast-qual \
	-Werror=implicit-function-declaration
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Debian packages `make deps` installs (build, test and run time; man-db and groff-base
# render the man pages in tests/install; asciinema reads the recordings and chromium shows
# the slides in tests/export; clang-format (14 on Debian 12) checks the style in CI).
DEB_PKGS := build-essential pkg-config libncurses-dev libreadline-dev libnl-3-dev \
	libnl-route-3-dev libnl-nf-3-dev libnl-idiag-3-dev libcmocka-dev iproute2 tcpdump \
	iptables conntrack tmux tshark procps python3 clang libclang-rt-14-dev clang-format \
	man-db groff-base dpkg-dev debhelper fakeroot lintian asciinema chromium gettext

# What the build needs, as pkg-config module:Debian package; `make` only checks these
# (have-libs, have-cmocka) and names what is missing; `make deps` installs them.
PC_BUILD := ncursesw:libncurses-dev readline:libreadline-dev libnl-3.0:libnl-3-dev \
	libnl-route-3.0:libnl-route-3-dev libnl-nf-3.0:libnl-nf-3-dev \
	libnl-idiag-3.0:libnl-idiag-3-dev
PC_TEST := cmocka:libcmocka-dev

# Only these goals install missing packages (apt-get, through sudo when not root)
# before building; a plain `make`, `make all` or `make install` never does.
DEPS_GOALS := deps run test test-unit test-oracle check fuzz san-tree fuzz-tree
DEPS_FIRST := $(if $(filter $(DEPS_GOALS),$(MAKECMDGOALS)),deps)

ifeq ($(FUZZ),1)
# libFuzzer targets (tests/fuzz/fuzz-*.c) and the engine built for them, with clang
B := build-fuzz
BIN := $(B)/pktpath
CC := clang
OPTFLAGS := -O1 -g $(SANFLAGS) -fsanitize=fuzzer-no-link -DPKTPATH_SLOW_CHECKS
LDSAN := $(SANFLAGS)
else ifeq ($(SAN),1)
B := build-san
BIN := $(B)/pktpath
OPTFLAGS := -O1 -g $(SANFLAGS) -DPKTPATH_SLOW_CHECKS
LDSAN := $(SANFLAGS)
else
B := build
BIN := pktpath
OPTFLAGS := $(CFLAGS)
LDSAN :=
endif

# pkg-config with a fallback for a package without a .pc file; each result is computed
# once, on first use (so `make clean` never runs pkg-config).
pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null || echo $(2))
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))
memo = $(eval $(1) := $(2))$($(1))

NL_CFLAGS = $(call memo,NL_CFLAGS,$(call pc_cflags,libnl-3.0 libnl-route-3.0 libnl-nf-3.0 libnl-idiag-3.0,-I/usr/include/libnl3))
NL_LIBS = $(call memo,NL_LIBS,$(call pc_libs,libnl-3.0 libnl-route-3.0 libnl-nf-3.0 libnl-idiag-3.0,-lnl-nf-3 -lnl-idiag-3 -lnl-route-3 -lnl-3))
UI_CFLAGS = $(call memo,UI_CFLAGS,$(call pc_cflags,ncursesw,) $(call pc_cflags,readline,))
UI_LIBS = $(call memo,UI_LIBS,$(call pc_libs,ncursesw,-lncursesw -ltinfo) \
	$(call pc_libs,readline,-lreadline) $(NL_LIBS))
CMOCKA_CFLAGS = $(call memo,CMOCKA_CFLAGS,$(call pc_cflags,cmocka,))
CMOCKA_LIBS = $(call memo,CMOCKA_LIBS,$(call pc_libs,cmocka,-lcmocka))

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(if $(filter 1,$(WERROR)),-Werror) $(OPTFLAGS) \
	-MMD -MP -Isrc $(CPPFLAGS)

NL_SRCS := $(sort $(wildcard src/netlink/*.c))
LIB_SRCS := $(wildcard src/base/*.c src/out/*.c src/net/*.c src/tools/*.c src/scene/*.c)
UI_SRCS := $(wildcard ui/*.c)
TEST_SRCS := $(wildcard tests/unit/test-*.c)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/tests/%)
TEST_HELPER_SRCS := $(filter-out $(TEST_SRCS),$(wildcard tests/unit/*.c))
GEN_SRC := tests/oracle/gen.c

LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
NL_OBJS := $(NL_SRCS:%.c=$(B)/%.o)
UI_OBJS := $(UI_SRCS:%.c=$(B)/%.o)
TEST_HELPER_OBJS := $(TEST_HELPER_SRCS:%.c=$(B)/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(B)/tests/%)
GEN := $(B)/tests/oracle-gen
SOCKHELPER := $(B)/tests/sockhelper
LIB := $(B)/libpktpath.a
NL_LIB := $(if $(NL_OBJS),$(B)/libpktpath-nl.a)
ALL_OBJS := $(LIB_OBJS) $(NL_OBJS) $(UI_OBJS) $(TEST_HELPER_OBJS) $(FUZZ_SRCS:%.c=$(B)/%.o) \
	$(TEST_SRCS:%.c=$(B)/%.o) $(GEN_SRC:%.c=$(B)/%.o) $(B)/tests/traffic/sockhelper.o \
	$(B)/tests/unit/fixture/screen.o

# Message catalogues (src/base/i18n.h): po/LANG.po -> $(B)/locale/LANG/LC_MESSAGES/pktpath.mo,
# where an uninstalled ./pktpath (build/locale) or build-san/pktpath (build-san/locale)
# finds them. `make pot` rewrites po/pktpath.pot from the sources and merges it into
# each po/LANG.po.
PO_LANGS := $(basename $(notdir $(wildcard po/*.po)))
MOS := $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/pktpath.mo)
XGETTEXT_SRCS = $(sort $(wildcard src/*/*.c src/*/*.h ui/*.c ui/*.h))

# (src/scene/scene-builtin.c is generated from the default scene by tests/golden/gen-builtin.sh)
FORMAT_FILES = $(filter-out src/scene/scene-builtin.c,$(wildcard src/*/*.[ch] ui/*.[ch] tests/unit/*.[ch] \
	tests/unit/fixture/*.[ch] tests/oracle/*.c tests/bench/*.c tests/fuzz/*.c))

.PHONY: install uninstall install-needs-normal-build deb FORCE pot
.PHONY: golden-update
.PHONY: all build-tests run test test-unit test-oracle check bench format format-check fuzz fuzz-tree fuzz-bins \
	deps have-libs have-cmocka clean help
.DELETE_ON_ERROR:
# objects reached only through a pattern chain (test-%.o) are kept, not rebuilt each time
.SECONDARY: $(ALL_OBJS)

all: $(LIB) $(NL_LIB) $(if $(UI_SRCS),$(BIN)) $(TEST_BINS) $(GEN) $(SOCKHELPER) $(MOS)
ifeq ($(UI_SRCS),)
	@echo "note: ui/ has no sources yet, so there is no pktpath binary to link"
endif

# everything the test suites need, in this tree
build-tests: $(LIB) $(NL_LIB) $(if $(UI_SRCS),$(BIN)) $(TEST_BINS) $(GEN) $(SOCKHELPER) $(MOS)

$(B)/locale/%/LC_MESSAGES/pktpath.mo: po/%.po | have-libs
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

pot:
	@command -v xgettext >/dev/null || { echo "xgettext not found: run make deps" >&2; exit 1; }
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=E_ \
		--keyword=i18n_ngettext:1,2 --add-comments=TRANSLATORS: --sort-by-file \
		--package-name=pktpath --msgid-bugs-address= --no-wrap -o po/pktpath.pot $(XGETTEXT_SRCS)
	for l in $(PO_LANGS); do \
		msgmerge -q --no-wrap --update --backup=none --no-fuzzy-matching po/$$l.po po/pktpath.pot && \
		msgattrib --no-obsolete --no-wrap -o po/$$l.po po/$$l.po || exit 1; \
	done

$(B)/src/netlink/%.o: ALL_CFLAGS += $(NL_CFLAGS)
$(B)/ui/%.o: ALL_CFLAGS += $(UI_CFLAGS)
$(B)/tests/unit/%.o: ALL_CFLAGS += $(CMOCKA_CFLAGS)

$(B)/%.o: %.c | have-libs
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/libpktpath-nl.a: $(NL_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(UI_OBJS) $(NL_LIB) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $(UI_OBJS) $(NL_LIB) $(LIB) $(UI_LIBS) $(LDLIBS)

# unit tests link the engine and cmocka only
$(B)/tests/test-%: $(B)/tests/unit/test-%.o $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) $(LDLIBS)

# the key decoder is in ui/ but has no curses: its unit test links it alone
$(B)/tests/test-keys: $(B)/tests/unit/test-keys.o $(B)/ui/keys.o $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(B)/ui/keys.o $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) $(LDLIBS)

# the frame renderer: no curses either (ui/term.c blits its frames)
RENDER_OBJS := $(addprefix $(B)/ui/,render.o view.o hosts.o panes.o pipeline.o frame.o keys.o)

# the themes' colours (contrast, colour-vision deficiencies): ui/theme.c has no curses
$(B)/tests/test-theme: $(B)/tests/unit/test-theme.o $(B)/ui/theme.o $(RENDER_OBJS) $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(B)/ui/theme.o $(RENDER_OBJS) $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) $(LDLIBS) -lm

# the console's line editor: ui/rl.c with readline, no curses
$(B)/tests/test-rl: $(B)/tests/unit/test-rl.o $(B)/ui/rl.o $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(B)/ui/rl.o $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) \
		$(call pc_libs,readline,-lreadline) $(LDLIBS)

# the screen against the console: the session, the renderer and the frame, no curses
TRUTH_UI_OBJS := $(B)/ui/session.o $(RENDER_OBJS) $(B)/tests/unit/fixture/screen.o
$(B)/tests/test-truth: $(B)/tests/unit/test-truth.o $(TRUTH_UI_OBJS) $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(TRUTH_UI_OBJS) $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) $(LDLIBS)

# the host pipeline drawn over every lesson, and the play clock: no curses either
$(B)/tests/test-pipeline: $(B)/tests/unit/test-pipeline.o $(TRUTH_UI_OBJS) $(B)/ui/play.o $(TEST_HELPER_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $< $(TRUTH_UI_OBJS) $(B)/ui/play.o $(TEST_HELPER_OBJS) $(LIB) $(CMOCKA_LIBS) $(LDLIBS)

# libFuzzer links its own main(); only in the FUZZ=1 tree
$(B)/tests/fuzz-%: $(B)/tests/fuzz/fuzz-%.o $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS)

# the netlink target also links the adapter and libnl
$(B)/tests/fuzz-netlink: $(B)/tests/fuzz/fuzz-netlink.o $(NL_LIB) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -fsanitize=fuzzer -o $@ $< $(NL_LIB) $(LIB) $(NL_LIBS) $(LDLIBS)

# the key decoder and the console's line editor (readline): objects from ui/
$(B)/tests/fuzz-keys: $(B)/tests/fuzz/fuzz-keys.o $(B)/ui/keys.o $(B)/ui/rl.o $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -fsanitize=fuzzer -o $@ $^ $(call pc_libs,readline,-lreadline) $(LDLIBS)

fuzz-bins: $(FUZZ_BINS)

$(GEN): $(B)/tests/oracle/gen.o
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $^

# the real-kernel side of the traffic oracle (tests/traffic/run.sh)
$(SOCKHELPER): $(B)/tests/traffic/sockhelper.o
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $^

# the unit tests also need cmocka's headers
$(TEST_SRCS:%.c=$(B)/%.o) $(TEST_HELPER_OBJS): | have-cmocka

-include $(ALL_OBJS:.o=.d)

run: all
	./$(BIN)

# Suites (tests/run-suites.sh): unit tests, the kernel oracle cases, the random
# differential test (SEED=, RANDOM_ROUNDS=, RANDOM_QUERIES=), and every tests/*/run.sh
# or tests/*/run-*.sh. The last line of the output is `N passed, N failed[, N skipped]`.
SUITE_ENV = BUILD=build-san PKTPATH=build-san/pktpath GEN=build-san/tests/oracle-gen \
	$(if $(SEED),SEED=$(SEED)) $(if $(RANDOM_ROUNDS),RANDOM_ROUNDS=$(RANDOM_ROUNDS)) \
	$(if $(RANDOM_QUERIES),RANDOM_QUERIES=$(RANDOM_QUERIES))

test: all san-tree fuzz-tree
	@$(SUITE_ENV) tests/run-suites.sh

test-unit: san-tree
	@$(SUITE_ENV) tests/run-suites.sh unit

test-oracle: san-tree
	@$(SUITE_ENV) tests/run-suites.sh tests/oracle/run-cases.sh tests/oracle/run-random.sh

check: test

.PHONY: san-tree
san-tree: | deps
	@$(MAKE) --no-print-directory SAN=1 NODEPS=1 build-tests

fuzz-tree: | deps
	@$(MAKE) --no-print-directory FUZZ=1 NODEPS=1 fuzz-bins

# The fuzz targets for as long as you like: FUZZ_SECONDS per target (default 600); new
# inputs go to build-fuzz/corpus-*, crashes to build-fuzz/ (add them to tests/fuzz/).
fuzz: fuzz-tree
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-600} tests/fuzz/run.sh

# Rewrites every golden file after an intended change: the traces of tests/golden, the
# frames of tests/frames (review `git diff` afterwards).
golden-update: all
	@PKTPATH_GOLDEN_UPDATE=1 BUILD=$(B) PKTPATH=./pktpath bash tests/golden/run.sh | tail -1
	@PKTPATH_GOLDEN_UPDATE=1 BUILD=$(B) PKTPATH=./pktpath bash tests/frames/run.sh | tail -1

bench: all
	@shopt -s nullglob; set -e; b=(tests/bench/*.sh); \
	if [ $${#b[@]} -eq 0 ]; then echo "no benchmarks yet"; exit 0; fi; \
	for f in "$${b[@]}"; do echo "== $$f"; bash "$$f"; done

format:
	@command -v clang-format >/dev/null || { echo "clang-format not found (apt-get install clang-format)"; exit 1; }
	$(if $(FORMAT_FILES),clang-format -i $(FORMAT_FILES))

format-check:
	@command -v clang-format >/dev/null || { echo "clang-format not found (apt-get install clang-format)"; exit 1; }
	$(if $(FORMAT_FILES),clang-format --dry-run --Werror $(FORMAT_FILES))

# have-libs, have-cmocka: fail, naming the missing Debian packages and `make deps`, when
# a compiler, pkg-config or a library's development files are missing; install nothing.
# pc_check = the missing packages of a list of module:package pairs
pc_check = missing=; \
	command -v $(firstword $(CC)) >/dev/null 2>&1 || \
		missing="$$missing $(if $(findstring clang,$(CC)),clang,build-essential)"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
		for mp in $(1); do \
			$(PKG_CONFIG) --exists "$${mp%%:*}" || missing="$$missing $${mp\#*:}"; \
		done; \
	else \
		missing="$$missing pkg-config"; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "missing:$$missing; run \`make deps\` to install them" >&2; exit 1; \
	fi

have-libs: $(DEPS_FIRST)
	@$(call pc_check,$(PC_BUILD))

have-cmocka: $(DEPS_FIRST)
	@$(call pc_check,$(PC_TEST))

# Installs what is missing, says nothing when nothing is; run first by `make run`,
# `make test` and the other DEPS_GOALS.
deps:
ifneq ($(NODEPS),1)
	@command -v dpkg-query >/dev/null 2>&1 || exit 0; \
	have=" $$(dpkg-query -W -f='$${Package}=$${Status} ' $(DEB_PKGS) 2>/dev/null) "; \
	missing=; \
	for p in $(DEB_PKGS); do \
		case "$$have" in *" $$p=install ok installed "*) ;; *) missing="$$missing $$p" ;; esac; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	echo "make deps: installing$$missing"; \
	sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	$$sudo apt-get update -q && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing
endif

# make install [PREFIX=/usr/local] [DESTDIR=]: the normal build's ./pktpath (never a
# sanitizer build), the man pages, the lessons (scenes/*.scene and the scenes/topo/ files
# they include), the message catalogues (po/*.po, under share/locale) and the bash
# completion. The man page and the completion get the lessons' directory under PREFIX.
# make uninstall removes exactly these files, then the pktpath directories if they are
# empty.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share
MANDIR = $(DATADIR)/man
PKGDATADIR = $(DATADIR)/pktpath
SCENEDIR = $(PKGDATADIR)/scenes
COMPDIR = $(DATADIR)/bash-completion/completions
LOCALEDIR = $(DATADIR)/locale
INSTALL ?= install
LESSONS := $(notdir $(wildcard scenes/*.scene))
TOPOS := $(notdir $(wildcard scenes/topo/*.topo))
# the lessons' directory as the man page and the completion name it in the repository
SCENEDIR_SRC := /usr/local/share/pktpath/scenes
SUBST_SCENEDIR = sed 's|$(SCENEDIR_SRC)|$(SCENEDIR)|g'

install: $(if $(filter build,$(B)),pktpath $(MOS),install-needs-normal-build)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(SCENEDIR)/topo $(DESTDIR)$(COMPDIR)
	$(INSTALL) -m 0755 pktpath $(DESTDIR)$(BINDIR)/pktpath
	$(SUBST_SCENEDIR) man/pktpath.1 >$(DESTDIR)$(MANDIR)/man1/pktpath.1
	$(INSTALL) -m 0644 man/pktpath-scene.5 $(DESTDIR)$(MANDIR)/man5/pktpath-scene.5
	$(INSTALL) -m 0644 $(addprefix scenes/,$(LESSONS)) $(DESTDIR)$(SCENEDIR)/
	$(if $(TOPOS),$(INSTALL) -m 0644 $(addprefix scenes/topo/,$(TOPOS)) $(DESTDIR)$(SCENEDIR)/topo/)
	$(SUBST_SCENEDIR) completions/pktpath >$(DESTDIR)$(COMPDIR)/pktpath
	for l in $(PO_LANGS); do \
		$(INSTALL) -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		$(INSTALL) -m 0644 build/locale/$$l/LC_MESSAGES/pktpath.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/pktpath.mo || exit 1; \
	done
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/pktpath.1 $(DESTDIR)$(COMPDIR)/pktpath

# The lessons' and catalogues' directories are compiled into ui/lessons.c: it is rebuilt
# when PREFIX changes, so `make install PREFIX=…` installs a binary that looks there.
$(B)/ui/lessons.o: ALL_CFLAGS += -DPKTPATH_SCENES_DIR='"$(SCENEDIR)"' \
	-DPKTPATH_LOCALE_DIR='"$(LOCALEDIR)"'
$(B)/ui/lessons.o: $(B)/scenedir.stamp
$(B)/scenedir.stamp: FORCE
	@mkdir -p $(@D); echo '$(SCENEDIR) $(LOCALEDIR)' | cmp -s - $@ || \
		echo '$(SCENEDIR) $(LOCALEDIR)' >$@
FORCE:

# make deb: build/deb/pktpath_VERSION_ARCH.deb with debhelper (debian/). Built from a
# clean copy of the tracked files in build/deb-src/, so neither this tree's build/ nor
# its objects (other flags) end up in the package. Needs dpkg-dev, debhelper and
# fakeroot (make deps installs them); lintian's verdict is printed.
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || \
		{ echo "make deb needs dpkg-dev and debhelper: run make deps" >&2; exit 1; }
	rm -rf build/deb-src build/deb
	mkdir -p build/deb-src/pktpath build/deb
	git ls-files -z | xargs -0 cp --parents -t build/deb-src/pktpath
	git ls-files -z --others --exclude-standard | xargs -0 -r cp --parents -t build/deb-src/pktpath
	cd build/deb-src/pktpath && env -u MAKEFLAGS -u MFLAGS dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -30 ../build.log >&2; exit 1; }
	mv build/deb-src/*.deb build/deb/
	@ls build/deb/pktpath_*.deb
	@if command -v lintian >/dev/null; then lintian --fail-on error build/deb/pktpath_*_*.deb && \
		echo "lintian: no errors"; fi

install-needs-normal-build:
	@echo "make install installs the normal build (./pktpath): run it without SAN=1 or FUZZ=1" >&2; exit 1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pktpath $(DESTDIR)$(MANDIR)/man1/pktpath.1 \
		$(DESTDIR)$(MANDIR)/man5/pktpath-scene.5 $(DESTDIR)$(COMPDIR)/pktpath
	rm -f $(PO_LANGS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/pktpath.mo)
	rm -f $(addprefix $(DESTDIR)$(SCENEDIR)/,$(LESSONS)) $(addprefix $(DESTDIR)$(SCENEDIR)/topo/,$(TOPOS))
	rmdir $(DESTDIR)$(SCENEDIR)/topo $(DESTDIR)$(SCENEDIR) $(DESTDIR)$(PKGDATADIR) 2>/dev/null || true

clean:
	rm -rf build build-san build-fuzz pktpath

help:
	@echo "make              build ./pktpath, the engine library, unit tests, oracle tools"
	@echo "make run          build and start ./pktpath"
	@echo "make test         sanitizer build + every suite; last line: N passed, N failed[, N skipped]"
	@echo "                  SEED=S RANDOM_ROUNDS=N RANDOM_QUERIES=Q tune the random oracle test"
	@echo "make test-unit    unit tests only;  make test-oracle: kernel oracle suites only"
	@echo "make bench        tests/bench/*.sh"
	@echo "make golden-update  rewrite the golden traces and frames after an intended change"
	@echo "make fuzz         libFuzzer targets (clang) with the seed corpora, FUZZ_SECONDS each"
	@echo "make pot         rewrite po/pktpath.pot from the sources, merge it into po/*.po"
	@echo "make format       clang-format -i;  make format-check: report differences"
	@echo "make install      ./pktpath, man pages, lessons, messages, bash completion into PREFIX;"
	@echo "                  DESTDIR=DIR stages them under DIR;  make uninstall: remove them again"
	@echo "make deb          build/deb/pktpath_VERSION_ARCH.deb (debhelper; lintian's verdict)"
	@echo "make deps         install missing Debian packages (run first by run, test, test-*, fuzz;"
	@echo "                  never by a plain make, which names what is missing and stops)"
	@echo "make clean        remove build/, build-san/, ./pktpath"
	@echo "WERROR=1          add -Werror (CI)"
