# auth-audit: one non-recursive Makefile.
#   make            build build/auth-audit and build/auth-lab
#   make test       unit, CLI and lab tests (TAP, run by prove)
#   make SANITIZE=1 test   the same under ASan+UBSan (objects in build-san/)
#   make demo       install deps, build, audit a weak lab, print the report
#   make fuzz       libFuzzer harnesses (clang); make fuzz-run FUZZ_SECONDS=N
#   make bench      benchmarks (ratios against in-run baselines)
#   make deps       install missing Debian packages (apt-get)
#   make install    auth-audit, man pages, completions, docs (PREFIX, DESTDIR)
#   make uninstall  remove what make install put there
#   make deb        the Debian package, built from a copy in build-deb/

PKG_CONFIG ?= pkg-config
DEPS = openssl libcurl jansson liboath libfido2 libcbor libmicrohttpd
APT_PKGS = pkg-config libssl-dev libcurl4-openssl-dev libjansson-dev \
	liboath-dev libfido2-dev libcbor-dev libmicrohttpd-dev

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
OPT ?= -O1
else
BUILD ?= build
SANFLAGS =
OPT ?= -O2
endif

CC ?= cc
# Quiet build lines; `make V=1` shows the full commands.
ifeq ($(V),1)
Q =
else
Q = @
endif
WARN = -Wall -Wextra -Werror -Wshadow -Wwrite-strings -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wimplicit-fallthrough -Wvla
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null)
CPPFLAGS_ALL = -iquote . -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	$(PKG_CFLAGS) $(CPPFLAGS)
CFLAGS_ALL = -std=c11 $(OPT) -g $(WARN) -fstack-protector-strong \
	-MMD -MP $(SANFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) -Wl,-z,relro,-z,now,-z,noexecstack $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lm -lpthread $(LIBS)

# ---- sources ---------------------------------------------------------------
# Every .c of a module directory is part of libaa, except the programs' mains.
LIB_SRC := $(filter-out auth-audit/cli/main.c, \
	$(shell find auth-audit totp fido sms-sim -name '*.c' | LC_ALL=C sort))
LAB_SRC := $(wildcard tests/lab/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_HELPER_SRC := $(filter-out $(UNIT_SRC), $(wildcard tests/unit/*.c))
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
TOOL_SRC := $(wildcard tests/tools/*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LAB_OBJ := $(LAB_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_HELPER_OBJ := $(UNIT_HELPER_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)
TOOL_BIN := $(TOOL_SRC:%.c=$(BUILD)/%)
LIB := $(BUILD)/libaa.a
CLI := $(BUILD)/auth-audit
LABBIN := $(BUILD)/auth-lab

.PHONY: all test check test-run test-tools unit cli deps demo fuzz fuzz-run bench clean \
	install uninstall deb deb-test

all: $(CLI) $(LABBIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)$(AR) rcs $@ $^

$(CLI): $(BUILD)/obj/auth-audit/cli/main.o $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(LABBIN): $(LAB_OBJ) $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(UNIT_HELPER_OBJ) $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

# Test tools are stand-alone programs (misbehaving servers and the like).
$(BUILD)/tests/tools/%: $(BUILD)/obj/tests/tools/%.o
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^

$(BUILD)/tests/bench/%: $(BUILD)/obj/tests/bench/%.o $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

# ---- tests -----------------------------------------------------------------
# prove runs the unit binaries and the shell .t scripts; both speak TAP.
# The scripts find the binaries through AA_BUILD.
PROVE ?= prove
PROVE_FLAGS ?= -j2
TEST_SCRIPTS = $(sort $(wildcard tests/cli/*.t tests/checks/*.t))

unit: $(UNIT_BIN)
cli: $(CLI) $(LABBIN)

# `make test` on a fresh machine: install the packages, build, then test.
test check: deps
	$(MAKE) --no-print-directory test-tools
	$(MAKE) --no-print-directory test-run

test-run: $(CLI) $(LABBIN) $(UNIT_BIN) $(TOOL_BIN)
	AA_BUILD=$(abspath $(BUILD)) $(PROVE) $(PROVE_FLAGS) --exec '' \
		$(UNIT_BIN) $(TEST_SCRIPTS)

# ---- set-up and demo -------------------------------------------------------
# The SARIF validator (npm, official Microsoft tool) for the SARIF test;
# without npm or network the test reports a skip.
SARIF_TOOL = build-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
test-tools:
	@[ -f $(SARIF_TOOL) ] || ! command -v npm >/dev/null || \
		npm install --silent --no-audit --no-fund --prefix build-tools \
			@microsoft/sarif-multitool-linux >/dev/null 2>&1 || \
		echo "test-tools: could not install the SARIF validator"
	@# npm may skip the package's postinstall, which only sets the x bit.
	@f=build-tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool; \
		[ ! -f $$f ] || chmod u+x $$f

deps:
	@if $(PKG_CONFIG) --exists $(DEPS) 2>/dev/null && \
	    command -v prove >/dev/null && command -v $(CC) >/dev/null; then \
		echo "deps: all of $(DEPS) found"; \
	else \
		echo "deps: installing $(APT_PKGS)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$(APT_PKGS) build-essential perl; \
	fi

demo: deps
	$(MAKE) --no-print-directory all
	AA_BUILD=$(abspath $(BUILD)) sh tests/lab/demo.sh

# ---- install ---------------------------------------------------------------
# auth-audit, its man pages, bash and zsh completions and the documentation.
# auth-lab is a test tool and stays in the build tree. Debian's zsh looks in
# vendor-completions (debian/rules says so); elsewhere site-functions.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/auth-audit
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
INSTALL ?= install
MAN_PAGES := $(filter-out docs/auth-lab.1, $(wildcard docs/*.1))
DOC_FILES := README.md $(wildcard docs/*.md)
DOC_EXAMPLES := $(wildcard docs/examples/*.json)
COMPLETION = auth-audit/cli/completion

install: $(CLI)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 0755 $(CLI) $(DESTDIR)$(BINDIR)/auth-audit
	$(INSTALL) -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 $(COMPLETION)/auth-audit.bash \
		$(DESTDIR)$(BASHCOMPDIR)/auth-audit
	$(INSTALL) -m 0644 $(COMPLETION)/_auth-audit $(DESTDIR)$(ZSHCOMPDIR)/
	$(INSTALL) -m 0644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 0644 $(DOC_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/

# Only what install put there; directories only when that left them empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/auth-audit \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/, $(notdir $(MAN_PAGES))) \
		$(DESTDIR)$(BASHCOMPDIR)/auth-audit $(DESTDIR)$(ZSHCOMPDIR)/_auth-audit \
		$(addprefix $(DESTDIR)$(DOCDIR)/, $(notdir $(DOC_FILES))) \
		$(addprefix $(DESTDIR)$(DOCDIR)/examples/, $(notdir $(DOC_EXAMPLES)))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# The .deb (debian/, dpkg-buildpackage with debhelper) from a copy of the
# sources, so the tree and its parent stay clean; the packages land in
# build-deb/. deb-test checks the package's contents and runs it.
DEB_BUILD = build-deb
# What the program needs: the directories LIB_SRC reads, docs, debian/.
DEB_SRC = Makefile README.md debian docs auth-audit totp fido sms-sim
deb:
	rm -rf $(DEB_BUILD)
	mkdir -p $(DEB_BUILD)/src
	tar -cf - $(DEB_SRC) | tar -xf - -C $(DEB_BUILD)/src
	cd $(DEB_BUILD)/src && dpkg-buildpackage -b -us -uc
	@ls $(DEB_BUILD)/*.deb

deb-test: deb
	AA_BUILD=$(abspath $(BUILD)) AA_DEB_DIR=$(abspath $(DEB_BUILD)) \
		$(PROVE) -v tests/pkg/deb.t

# ---- fuzzing ---------------------------------------------------------------
FUZZ_CC ?= clang
FUZZ_BUILD = build-fuzz
FUZZ_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BIN := $(FUZZ_SRC:%.c=$(FUZZ_BUILD)/%)
FUZZ_SECONDS ?= 20

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS_ALL) -std=c11 -O1 -g $(WARN) -Wno-unused-command-line-argument $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libaa.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/tests/fuzz/%: $(FUZZ_BUILD)/obj/tests/fuzz/%.o $(FUZZ_BUILD)/libaa.a
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS_ALL)

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	@set -e; for f in $(FUZZ_BIN); do \
		n=$$(basename $$f); mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		seeds=tests/fuzz/corpus/$$n; [ -d $$seeds ] || seeds=; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_BUILD)/ \
			-print_final_stats=0 $(FUZZ_BUILD)/corpus/$$n $$seeds \
			2>$(FUZZ_BUILD)/$$n.log || { tail -50 $(FUZZ_BUILD)/$$n.log; exit 1; }; \
	done; echo "fuzz: all harnesses ran clean"

# ---- benchmarks ------------------------------------------------------------
# Every benchmark runs; the ones that miss their target (or fail) are
# listed at the end and make the run exit 1. Ratios come from each run.
bench: $(CLI) $(LABBIN) $(BENCH_BIN)
	@missed=; for b in $(BENCH_BIN) $(wildcard tests/bench/*.sh); do \
		case $$b in *.sh) cmd="sh $$b" ;; *) cmd=$$b ;; esac; \
		AA_BUILD=$(abspath $(BUILD)) $$cmd || missed="$$missed $$(basename $$b)"; \
	done; \
	if [ -n "$$missed" ]; then echo "bench: missed target or failed:$$missed"; exit 1; fi; \
	echo "bench: every target met"

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD)/obj $(FUZZ_BUILD) -name '*.d' 2>/dev/null)

# Keep objects of pattern chains (unit tests, tools, bench) between runs.
.SECONDARY:
