# Stapper: `make demo` and `make test` do all the set-up on a fresh Debian 12 machine.
SHELL := /bin/bash
PACKAGES := qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static build-essential \
            kmod cpio xz-utils zstd elfutils dwarves bpftool libelf-dev clang-14 zlib1g-dev
DEMO ?= examples/read_latency.stp
DEMO_WORKLOAD ?= find /usr/share/doc -maxdepth 2 -name copyright -exec cat {} +

.PHONY: all deps test-deps build demo test test-unit test-runtime test-wrapper test-install install deb test-kernel test-kernel-newest test-conformance check-skips matrix bench bench-smoke bench-vm clean format format-check fuzz fuzz-afl fuzz-e2e oracle tapsets-doc

all: build

# Idempotent: installs only what is missing.
deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  if [ -t 1 ]; then $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	  else $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; fi; \
	fi
	@command -v dotnet >/dev/null || { echo "Stapper needs the .NET 10 SDK (dotnet) on PATH"; exit 1; }

# A native (AOT) publish: no JIT at start-up, which is what a TCG guest running pass 5 pays for most. src/publish
# skips it when the sources match out/stapper's build, and swaps a new build in atomically (see there).
build:
	src/publish

demo: deps build
	./stapper --vm $(DEMO) -c "$(DEMO_WORKLOAD) >/dev/null"

# Ends with every test that did not run, and fails on one that tests/skips-allowed.txt does not allow.
test: deps test-deps build format-check test-unit test-runtime test-wrapper test-install test-kernel test-kernel-newest test-conformance bench-smoke
	@tests/check-skips $(RESULTS)/*.trx $(wildcard $(RESULTS)/*.skipped)

# What the tests need beyond `deps` (docs/testing.md): stap 4.8 (oracle tests), sys/sdt.h (SDT marker programs), the kernel the -p2 oracle files
# were made with, with its -dbg package (DWARF tests), libc's separate DWARF (process/library), and SystemTap's source (round trip, parseko), fetched
# with git when the network allows; without it those tests skip, which tests/skips-allowed.txt allows.
# The default kernel: the one Debian's linux-image-amd64 depends on (as the tests pick it).
TEST_KVER ?= $(shell dpkg-query -W -f='$${Depends}' linux-image-amd64 2>/dev/null | sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')
# Recursive (=), not :=: on a fresh machine linux-image-amd64 is installed by `deps`, after the Makefile is read.
TEST_PACKAGES = systemtap systemtap-sdt-dev linux-image-$(TEST_KVER) linux-headers-$(TEST_KVER) linux-image-$(TEST_KVER)-dbg \
  linux-image-6.12-amd64 linux-headers-6.12-amd64 libc6-dbg
SYSTEMTAP_SRC ?= out/systemtap-src
SYSTEMTAP_GIT ?= https://sourceware.org/git/systemtap.git
SYSTEMTAP_COMMIT ?= 2e5a1050a2ceefd238a451712c3d05c008523dbd
RESULTS := out/test-results
test-deps: deps
	@$(MAKE) -s deps PACKAGES="$(TEST_PACKAGES)"
	@[ -d $(SYSTEMTAP_SRC)/testsuite ] || { rm -rf $(SYSTEMTAP_SRC) && git init -q $(SYSTEMTAP_SRC) \
	  && git -C $(SYSTEMTAP_SRC) fetch -q --depth 1 $(SYSTEMTAP_GIT) $(SYSTEMTAP_COMMIT) \
	  && git -C $(SYSTEMTAP_SRC) checkout -q FETCH_HEAD; } \
	  || { rm -rf $(SYSTEMTAP_SRC); echo "warning: could not fetch SystemTap's source from $(SYSTEMTAP_GIT); its tests will skip"; }

test-unit:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/unit.trx
	$(if $(wildcard $(SYSTEMTAP_SRC)/testsuite),STAPPER_SYSTEMTAP_SRC=$(abspath $(SYSTEMTAP_SRC))) \
	  dotnet test tests/Stapper.Tests/Stapper.Tests.csproj -c Release -nologo --filter 'Category!=Kernel&Category!=Measure' \
	  --logger 'trx;LogFileName=$(abspath $(RESULTS))/unit.trx' \
	  || { tests/failed-summary $(RESULTS)/unit.trx; exit 1; }

test-runtime:
	$(MAKE) -C tests/runtime check

# ./stapper and src/publish: no publish when nothing changed, one for concurrent callers after an edit.
test-wrapper: build
	tests/cli/wrapper.sh
	tests/cli/progress.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the native binary, tapsets, runtime and templates in PREFIX/lib/stapper
# (the binary finds them beside itself), PREFIX/bin/stapper, stapper(1) and the bash completion, both generated from
# the option table.
PREFIX ?= /usr/local
STAPPER_LIB = $(DESTDIR)$(PREFIX)/lib/stapper
install: build
	rm -rf $(STAPPER_LIB)
	install -d $(STAPPER_LIB) $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	cp -R out/stapper/stapper out/stapper/Makefile.template out/stapper/tapsets out/stapper/runtime out/stapper/templates \
	  $(STAPPER_LIB)/
	ln -sfn ../lib/stapper/stapper $(DESTDIR)$(PREFIX)/bin/stapper
	out/stapper/stapper --print-man-page | gzip -9n >$(DESTDIR)$(PREFIX)/share/man/man1/stapper.1.gz
	out/stapper/stapper --print-bash-completion >$(DESTDIR)$(PREFIX)/share/bash-completion/completions/stapper

# make deb: out/stapper_VERSION_amd64.deb (dpkg-deb), installed under /usr; its postinst offers `stap` through
# update-alternatives when no real stap is installed (packaging/deb/).
deb: build
	rm -rf out/deb
	$(MAKE) -s install PREFIX=/usr DESTDIR=$(CURDIR)/out/deb/root
	install -d out/deb/root/DEBIAN
	install -m 755 packaging/deb/postinst packaging/deb/prerm out/deb/root/DEBIAN/
	version=$$(out/stapper/stapper -V | sed -n 's/.*(version \([^,]*\),.*/\1/p'); \
	size=$$(du -sk --exclude=DEBIAN out/deb/root | cut -f1); \
	sed -e "s/@VERSION@/$$version/" -e "s/@SIZE@/$$size/" packaging/deb/control.in >out/deb/root/DEBIAN/control; \
	dpkg-deb --root-owner-group -Zxz --build out/deb/root out/stapper_$${version}_amd64.deb

# The installed stapper (make install into a temporary PREFIX) from another directory, and the package (make deb).
test-install: build
	tests/cli/install.sh

# The .stp suite: passes 1-4 on the host, pass 5 in one VM boot per batch, on the default kernel (the one
# linux-image-amd64 depends on; STAPPER_KERNEL=KVER picks another, see docs/kernels.md).
test-kernel:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/kernel.trx
	$(if $(wildcard $(SYSTEMTAP_SRC)/testsuite),STAPPER_SYSTEMTAP_SRC=$(abspath $(SYSTEMTAP_SRC))) dotnet test tests/Stapper.Tests/Stapper.Tests.csproj -c Release -nologo --filter 'Category=Kernel' \
	  --logger 'trx;LogFileName=$(abspath $(RESULTS))/kernel.trx' \
	  || { tests/failed-summary $(RESULTS)/kernel.trx; exit 1; }

# SystemTap's parseok/parseko (parseko against the first error lines stap 4.8 gives, tests/conformance/).
test-conformance: build
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/conformance.skipped
	@if [ -d $(SYSTEMTAP_SRC)/testsuite ]; then TIME_LIMIT_MS=4000 tests/conformance/run-parse-suite.sh $(SYSTEMTAP_SRC) out/stapper/stapper; \
	else printf 'conformance/run-parse-suite\tno SystemTap source in $(SYSTEMTAP_SRC) (make test-deps fetches it)\n' > $(RESULTS)/conformance.skipped; fi

check-skips:
	tests/check-skips $(RESULTS)/*.trx $(wildcard $(RESULTS)/*.skipped)

# A short set, the cases that touch kernel APIs, on the newest installed kernel with headers when that is not the
# default (6.12 beside Debian's 6.1); `make matrix` runs the whole suite on every kernel.
NEWEST_KERNEL = $(shell ls /lib/modules/*/build/Makefile 2>/dev/null | cut -d/ -f4 | grep -E '^[0-9.]+(-[0-9]+|\+deb[0-9]+)-amd64$$' | sort -V | tail -1)
SHORT_SET ?= probes/,runtime/kprobes/,runtime/smp/,targetvars/,tapset/syscalls/,safety/
test-kernel-newest:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/kernel-newest.trx
	@if [ -n "$(NEWEST_KERNEL)" ] && [ "$(NEWEST_KERNEL)" != "$$(sed -n 's/^Depends: linux-image-\([0-9][^ ,]*\).*/\1/p' <(grep -A8 '^Package: linux-image-amd64$$' /var/lib/dpkg/status) | head -1)" ]; then \
	  echo "Short kernel suite on $(NEWEST_KERNEL)"; \
	  STAPPER_KERNEL=$(NEWEST_KERNEL) STAPPER_SCRIPTS="$(SHORT_SET)" dotnet test tests/Stapper.Tests/Stapper.Tests.csproj -c Release -nologo --filter 'Category=Kernel' \
	    --logger "trx;LogFileName=$(abspath $(RESULTS))/kernel-newest.trx" \
	    || { tests/failed-summary $(RESULTS)/kernel-newest.trx; exit 1; }; \
	fi

# The whole kernel suite on each of KERNELS (installed with headers when missing): make matrix [KERNELS="KVER ..."].
matrix: deps build
	$(if $(KERNELS),KERNELS="$(KERNELS)") tools/matrix/matrix

# bench/run compares with stap 4.8 and bpftrace; the smoke run (part of `make test`) skips what is not installed.
BENCH_PACKAGES := systemtap bpftrace python3

bench: deps build
	@$(MAKE) -s deps PACKAGES="$(BENCH_PACKAGES)"
	bench/run

# Timing figures of the VM's start-up (Stapper.Tests' Category=Measure), printed.
bench-vm: deps build
	dotnet test tests/Stapper.Tests/Stapper.Tests.csproj -c Release -nologo --filter 'Category=Measure' --logger 'console;verbosity=detailed'

bench-smoke: deps build
	@$(MAKE) -s deps PACKAGES=python3
	bench/run --smoke

# Expected files from the real SystemTap (docs/oracle.md): make oracle CASES="lang/foo runtime/smp/x" [ORACLE_CPUS=2]
# [KVER=...] [ORACLE_WRITE=0] [PASS=1|2]. Installs stap 4.8 and the kernel's -dbg package; pass 5 runs in the suite's VM.
# PASS=N writes stap's -pN output as CASE.pN instead (no VM; OraclePassTests compares stapper's with it).
oracle: deps
	@test -n "$(CASES)" || { echo 'usage: make oracle CASES="lang/foo ..."|all [ORACLE_CPUS=2] [KVER=...] [ORACLE_WRITE=0]'; exit 1; }
	@test -x $(OUT)/stapper || $(MAKE) build
	$(if $(wildcard $(SYSTEMTAP_SRC)/testsuite),STAPPER_SYSTEMTAP_SRC=$(abspath $(SYSTEMTAP_SRC))) $(if $(KVER),KVER=$(KVER)) $(if $(ORACLE_CPUS),ORACLE_CPUS=$(ORACLE_CPUS)) tools/oracle/oracle $(if $(PASS),--pass=$(PASS)) $(CASES)

# docs/tapsets.md, listing the tapset library's functions and probe aliases, from tapsets/ itself.
tapsets-doc:
	tools/tapsets-doc/gen

format:
	dotnet format Stapper.sln

# Also that docs/tapsets.md is what tools/tapsets-doc/gen makes of tapsets/ (generated into a copy, compared).
format-check:
	dotnet format Stapper.sln --verify-no-changes
	@tools/tapsets-doc/gen --out $(RESULTS)/tapsets.md && cmp -s docs/tapsets.md $(RESULTS)/tapsets.md \
	  || { echo "docs/tapsets.md is stale: run make tapsets-doc"; exit 1; }

clean:
	rm -rf out src/*/bin src/*/obj tests/*/bin tests/*/obj

# Pass-1 fuzzing (tests/fuzz): FUZZ_SECONDS of mutated scripts seeded from tests/scripts, examples
# and SYSTEMTAP_SRC's testsuite when set; findings land in out/fuzz.
FUZZ_SECONDS ?= 600
fuzz:
	dotnet build tests/fuzz/Stapper.Fuzz -c Release -nologo -v quiet -clp:ErrorsOnly
	nice dotnet tests/fuzz/Stapper.Fuzz/bin/Release/net10.0/Stapper.Fuzz.dll --seconds $(FUZZ_SECONDS) --out out/fuzz \
	  tests/scripts examples $(if $(SYSTEMTAP_SRC),$(addprefix $(SYSTEMTAP_SRC)/testsuite/,parseok parseko buildok semok systemtap.base systemtap.examples))

# Random well-typed scripts through passes 2-4 and pass 5 in the VM (tools/fuzz-e2e): FUZZ_E2E_SECONDS (default 1800)
# of batches; a failing pass, guest, exit status or kernel-log report is a finding, kept in out/fuzz-e2e/findings/.
fuzz-e2e: build
	@$(MAKE) -s deps PACKAGES=python3
	$(if $(KVER),KVER=$(KVER)) tools/fuzz-e2e/run

# The same target under AFL++ (Debian's afl++) through SharpFuzz: stapper.dll is instrumented, seeds are
# tests/scripts and examples; FUZZ_SECONDS of afl-fuzz, crashes and hangs in out/afl/default/.
FUZZ_BIN = tests/fuzz/Stapper.Fuzz/bin/Release/net10.0
fuzz-afl:
	@command -v afl-fuzz >/dev/null || apt-get install -y -q afl++
	@test -x out/tools/sharpfuzz || dotnet tool install --tool-path out/tools SharpFuzz.CommandLine
	dotnet build tests/fuzz/Stapper.Fuzz -c Release -nologo -v quiet -clp:ErrorsOnly
	out/tools/sharpfuzz $(FUZZ_BIN)/stapper.dll
	rm -rf out/afl-seeds && mkdir -p out/afl-seeds && for f in tests/scripts/*/*.stp examples/*.stp; do \
	  [ $$(wc -c < $$f) -le 2048 ] && cp $$f out/afl-seeds/$$(echo $$f | tr / _); done; true
	AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	  afl-fuzz -i out/afl-seeds -o out/afl -t 10000 -m none -V $(FUZZ_SECONDS) -- dotnet $(FUZZ_BIN)/Stapper.Fuzz.dll --afl
