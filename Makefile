# auth-audit: one non-recursive Makefile.
#   make            build build/auth-audit
#   make test       unit, CLI and lab tests (TAP, run by prove); builds the
#                   test target build/auth-lab too (make lab: just that)
#   make SANITIZE=1 test   the same under ASan+UBSan (objects in build-san/)
#   make demo       install deps, build, audit a weak lab, print the report
#   make fuzz       libFuzzer harnesses (clang); make -j2 fuzz-run FUZZ_SECONDS=N
#   make bench      benchmarks (ratios against in-run baselines)
#   make check-layers  the layer order of docs/ARCHITECTURE.md holds
#   make deps       install missing Debian packages (apt-get)
#   make install    auth-audit, man pages, completions, docs (PREFIX, DESTDIR)
#   make uninstall  remove what make install put there
#   make deb        the Debian package, built from a copy in build-deb/

PKG_CONFIG ?= pkg-config
DEPS = openssl libcurl jansson liboath libfido2 libcbor libmicrohttpd \
	libpcre2-8 libargon2 libsodium zbar libpng libjpeg
APT_PKGS = pkg-config libssl-dev libcurl4-openssl-dev libjansson-dev \
	liboath-dev libfido2-dev libcbor-dev libmicrohttpd-dev libpcre2-dev \
	libargon2-dev libsodium-dev libzbar-dev libpng-dev libjpeg-dev \
	libphonenumber-dev
# libphonenumber (C++, no pkg-config file) behind sms-sim/sim/phone.cc.
PHONE_LIBS = -lphonenumber -lstdc++

ifeq ($(SANITIZE),1)
BUILD ?= build-san
# gcc's undefined lacks float-cast-overflow (clang's includes it).
SANFLAGS = -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
OPT ?= -O1
else
BUILD ?= build
SANFLAGS =
OPT ?= -O2
endif

CC ?= cc
CXX ?= c++
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
# The one C++ file: the same warnings, minus the C-only ones.
CXXWARN = $(filter-out -Wmissing-prototypes -Wstrict-prototypes,$(WARN))
CXXFLAGS_ALL = -std=c++17 $(OPT) -g $(CXXWARN) -fstack-protector-strong \
	-MMD -MP $(SANFLAGS) $(CXXFLAGS)
LDFLAGS_ALL = $(SANFLAGS) -Wl,-z,relro,-z,now,-z,noexecstack $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) $(PHONE_LIBS) -lm -lpthread $(LIBS)

# ---- sources ---------------------------------------------------------------
# Every .c of a module directory is part of libaa, except the programs' mains.
LIB_SRC := $(filter-out auth-audit/cli/main.c, \
	$(shell find auth-audit totp fido sms-sim -name '*.c' | LC_ALL=C sort))
LIB_CXX_SRC := $(shell find auth-audit totp fido sms-sim -name '*.cc' | \
	LC_ALL=C sort)
LAB_SRC := $(wildcard tests/lab/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_HELPER_SRC := $(filter-out $(UNIT_SRC), $(wildcard tests/unit/*.c))
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
TOOL_SRC := $(wildcard tests/tools/*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) \
	$(LIB_CXX_SRC:%.cc=$(BUILD)/obj/%.o)
LAB_OBJ := $(LAB_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_HELPER_OBJ := $(UNIT_HELPER_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)
TOOL_BIN := $(TOOL_SRC:%.c=$(BUILD)/%)
LIB := $(BUILD)/libaa.a
CLI := $(BUILD)/auth-audit
LABBIN := $(BUILD)/auth-lab

.PHONY: all test check test-run test-tools target-deps unit cli lab deps demo fuzz fuzz-run \
	bench clean check-layers install uninstall deb deb-test

all: $(CLI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS_ALL) $(TEST_CPPFLAGS) $(CFLAGS_ALL) -c $< -o $@

# Test programs see the library's test-only exports (#ifdef AA_TEST_INTERNAL
# in its headers, like OpenSSH's SSHBUF_INTERNAL); product code never does.
$(BUILD)/obj/tests/unit/%.o $(BUILD)/obj/tests/bench/%.o: \
	TEST_CPPFLAGS = -DAA_TEST_INTERNAL

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  CXX     $<"
	$(Q)$(CXX) $(CPPFLAGS_ALL) $(CXXFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)$(AR) rcs $@ $^

$(CLI): $(BUILD)/obj/auth-audit/cli/main.o $(LIB)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	@mkdir -p $(@D)
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

# auth-lab judges the auditor, so it links none of libaa but the check
# catalog its --weak switches are validated against (tests/lab/lab_util.h).
$(LABBIN): $(LAB_OBJ) $(BUILD)/obj/auth-audit/catalog/catalog.o
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
# The tests mostly wait on sockets and sleeps: three jobs per core.
NPROC := $(shell nproc 2>/dev/null || echo 2)
PROVE_FLAGS ?= -j$(shell expr 3 \* $(NPROC))
# The foreign-target audits take minutes each (their TOTP steps are 30 s):
# they start first so the short tests fill the other jobs meanwhile.
TARGET_SCRIPTS = $(sort $(wildcard tests/checks/*-target-*.t))
TEST_SCRIPTS = $(TARGET_SCRIPTS) $(filter-out $(TARGET_SCRIPTS), \
	$(sort $(wildcard tests/cli/*.t tests/checks/*.t)))
# Foreign targets the tests start; each one's deps script installs what it
# needs (Debian packages, npm ci) and is quick once that is done.
TARGETS_TESTED = django-otp express-simplewebauthn sinatra-webauthn

unit: $(UNIT_BIN)
cli: $(CLI) $(LABBIN)
lab: $(LABBIN)

# Unit tests and fuzz harnesses of lab code include its .c files.
$(BUILD)/tests/unit/test_lab_form: $(BUILD)/obj/tests/lab/lab_util.o

# `make test` on a fresh machine: install the packages, build, then test.
test check: deps
	$(MAKE) --no-print-directory test-tools
	$(MAKE) --no-print-directory target-deps
	$(MAKE) --no-print-directory test-run

target-deps:
	@for t in $(TARGETS_TESTED); do \
		tests/targets/$$t/deps || { echo "target-deps: $$t failed"; \
		exit 1; }; done

test-run: $(CLI) $(LABBIN) $(UNIT_BIN) $(TOOL_BIN)
	AA_BUILD=$(abspath $(BUILD)) $(PROVE) $(PROVE_FLAGS) --exec '' \
		$(UNIT_BIN) $(TEST_SCRIPTS)

# Includes and symbols against the layer order (tests/cli/0104-layers.t
# runs the same script).
check-layers: $(LIB) $(BUILD)/obj/auth-audit/cli/main.o
	perl tests/tools/layers.pl $(BUILD)/obj

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
	    command -v prove >/dev/null && command -v $(CC) >/dev/null && \
	    echo '#include <phonenumbers/phonenumberutil.h>' | \
	    $(CXX) -E -x c++ - >/dev/null 2>&1; then \
		echo "deps: all of $(DEPS) libphonenumber found"; \
	else \
		echo "deps: installing $(APT_PKGS)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$(APT_PKGS) build-essential perl; \
	fi

demo: deps
	$(MAKE) --no-print-directory all lab
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
FUZZ_CXX ?= clang++
FUZZ_BUILD = build-fuzz
# Every sanitizer report ends the run as a crash (no recovery).
FUZZ_SAN = address,undefined,float-cast-overflow -fno-sanitize-recover=all
FUZZ_FLAGS = -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o) \
	$(LIB_CXX_SRC:%.cc=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BIN := $(FUZZ_SRC:%.c=$(FUZZ_BUILD)/%)
FUZZ_SECONDS ?= 20
$(FUZZ_BUILD)/obj/tests/fuzz/%.o: TEST_CPPFLAGS = -DAA_TEST_INTERNAL

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS_ALL) $(TEST_CPPFLAGS) -std=c11 -O1 -g $(WARN) -Wno-unused-command-line-argument $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(@D)
	@[ "$(V)" = 1 ] || echo "  FUZZCXX $<"
	$(Q)$(FUZZ_CXX) $(CPPFLAGS_ALL) -std=c++17 -O1 -g $(CXXWARN) -Wno-unused-command-line-argument $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libaa.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

# Linked by the C++ driver: libaa holds phone.cc, whose UBSan checks need
# the C++ runtime.
$(FUZZ_BUILD)/tests/fuzz/%: $(FUZZ_BUILD)/obj/tests/fuzz/%.o $(FUZZ_BUILD)/libaa.a
	@mkdir -p $(@D)
	$(FUZZ_CXX) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(LIBS_ALL)

# The lab's request handling: its objects (not main, not the MHD glue the
# harness compiles in) with libaa.
FUZZ_LAB_OBJ := $(patsubst %.c,$(FUZZ_BUILD)/obj/%.o,$(filter-out \
	tests/lab/lab_main.c tests/lab/lab_http.c,$(LAB_SRC)))
$(FUZZ_BUILD)/tests/fuzz/fuzz_lab_http: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_lab_http.o \
    $(FUZZ_LAB_OBJ) $(FUZZ_BUILD)/libaa.a
	@mkdir -p $(@D)
	$(FUZZ_CXX) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $^ $(LIBS_ALL)

$(FUZZ_BUILD)/tests/fuzz/fuzz_lab_form: $(FUZZ_BUILD)/obj/tests/lab/lab_util.o

fuzz: $(FUZZ_BIN)

# Each harness for FUZZ_SECONDS (`make -j2 fuzz-run` runs two at a time).
# A crash, a leak, a unit slower than 25 s or any sanitizer report in the
# log fails the run; the log stays in build-fuzz/NAME.log.
FUZZ_RUNS := $(FUZZ_SRC:tests/fuzz/%.c=fuzz-run-%)
SAN_REPORT = runtime error:|ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|ERROR: libFuzzer|SUMMARY: 
.PHONY: fuzz-run $(FUZZ_RUNS)
fuzz-run: $(FUZZ_RUNS)
	@echo "fuzz: all harnesses ran clean"

$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_BUILD)/tests/fuzz/%
	@n=$*; mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
	seeds=tests/fuzz/corpus/$$n; [ -d $$seeds ] || seeds=; \
	$< -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
		-timeout=25 -artifact_prefix=$(FUZZ_BUILD)/$$n- \
		-print_final_stats=1 $(FUZZ_BUILD)/corpus/$$n $$seeds \
		>$(FUZZ_BUILD)/$$n.log 2>&1; rc=$$?; \
	if [ $$rc -ne 0 ] || grep -Eq '$(SAN_REPORT)' $(FUZZ_BUILD)/$$n.log; \
	then tail -60 $(FUZZ_BUILD)/$$n.log; echo "fuzz: $$n FAILED"; exit 1; fi; \
	echo "fuzz: $$n clean: $$(sed -n 's/^stat::number_of_executed_units: *//p' \
		$(FUZZ_BUILD)/$$n.log) runs in $(FUZZ_SECONDS) s, $$(sed -n \
		's/^stat::average_exec_per_sec: *//p' $(FUZZ_BUILD)/$$n.log)/s"

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
