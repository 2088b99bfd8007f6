# Stapper: `make demo` and `make test` do all the set-up on a fresh Debian 12 machine.
SHELL := /bin/bash
PACKAGES := qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static build-essential \
            kmod cpio xz-utils zstd elfutils dwarves bpftool libelf-dev clang-14 zlib1g-dev
DEMO ?= examples/vfs_read_top.stp

.PHONY: all deps test-deps build demo test test-unit test-runtime test-wrapper test-kernel test-conformance check-skips bench bench-smoke bench-vm clean format format-check fuzz fuzz-afl oracle

all: build

# Idempotent: installs only what is missing.
deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v dotnet >/dev/null || { echo "Stapper needs the .NET 10 SDK (dotnet) on PATH"; exit 1; }

# A native (AOT) publish: no JIT at start-up, which is what a TCG guest running pass 5 pays for most. src/publish
# skips it when the sources match out/stapper's build, and swaps a new build in atomically (see there).
build:
	src/publish

demo: deps build
	./stapper --vm $(DEMO)

# Ends with every test that did not run, and fails on one that tests/skips-allowed.txt does not allow.
test: deps test-deps build format-check test-unit test-runtime test-wrapper test-kernel test-conformance bench-smoke
	@tests/check-skips $(RESULTS)/*.trx $(wildcard $(RESULTS)/*.skipped)

# What the tests need beyond `deps` (docs/testing.md): stap 4.8 (oracle tests), the kernel the -p2 oracle files
# were made with, with its -dbg package (DWARF tests), and SystemTap's source (round trip, parseko), fetched
# with git when the network allows; without it those tests skip, which tests/skips-allowed.txt allows.
TEST_KVER ?= 6.1.0-57-amd64
TEST_PACKAGES := systemtap linux-image-$(TEST_KVER) linux-headers-$(TEST_KVER) linux-image-$(TEST_KVER)-dbg
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
	  --logger 'trx;LogFileName=$(abspath $(RESULTS))/unit.trx'

test-runtime:
	$(MAKE) -C tests/runtime check

# ./stapper and src/publish: no publish when nothing changed, one for concurrent callers after an edit.
test-wrapper: build
	tests/cli/wrapper.sh

# The .stp suite: passes 1-4 on the host, pass 5 in one VM boot per batch.
test-kernel:
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/kernel.trx
	dotnet test tests/Stapper.Tests/Stapper.Tests.csproj -c Release -nologo --filter 'Category=Kernel' \
	  --logger 'trx;LogFileName=$(abspath $(RESULTS))/kernel.trx'

# SystemTap's parseok/parseko (parseko against the first error lines stap 4.8 gives, tests/conformance/).
test-conformance: build
	@mkdir -p $(RESULTS) && rm -f $(RESULTS)/conformance.skipped
	@if [ -d $(SYSTEMTAP_SRC)/testsuite ]; then TIME_LIMIT_MS=4000 tests/conformance/run-parse-suite.sh $(SYSTEMTAP_SRC) out/stapper/stapper; \
	else printf 'conformance/run-parse-suite\tno SystemTap source in $(SYSTEMTAP_SRC) (make test-deps fetches it)\n' > $(RESULTS)/conformance.skipped; fi

check-skips:
	tests/check-skips $(RESULTS)/*.trx $(wildcard $(RESULTS)/*.skipped)

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
	@test -n "$(CASES)" || { echo 'usage: make oracle CASES="lang/foo ..." [ORACLE_CPUS=2] [KVER=...] [ORACLE_WRITE=0]'; exit 1; }
	@test -x $(OUT)/stapper || $(MAKE) build
	$(if $(KVER),KVER=$(KVER)) $(if $(ORACLE_CPUS),ORACLE_CPUS=$(ORACLE_CPUS)) tools/oracle/oracle $(if $(PASS),--pass=$(PASS)) $(CASES)

format:
	dotnet format Stapper.sln

format-check:
	dotnet format Stapper.sln --verify-no-changes

clean:
	rm -rf out src/*/bin src/*/obj tests/*/bin tests/*/obj

# Pass-1 fuzzing (tests/fuzz): FUZZ_SECONDS of mutated scripts seeded from tests/scripts, examples
# and SYSTEMTAP_SRC's testsuite when set; findings land in out/fuzz.
FUZZ_SECONDS ?= 600
fuzz:
	dotnet build tests/fuzz/Stapper.Fuzz -c Release -nologo -v quiet -clp:ErrorsOnly
	nice dotnet tests/fuzz/Stapper.Fuzz/bin/Release/net10.0/Stapper.Fuzz.dll --seconds $(FUZZ_SECONDS) --out out/fuzz \
	  tests/scripts examples $(if $(SYSTEMTAP_SRC),$(addprefix $(SYSTEMTAP_SRC)/testsuite/,parseok parseko buildok semok systemtap.base systemtap.examples))

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
