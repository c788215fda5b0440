#!/usr/bin/env bash
# Coverage-guided fuzzing with cargo fuzz (libFuzzer) over the targets in fuzz/ (`make
# cargo-fuzz`; not part of `make test`). Beside tests/properties.rs, which generates pages; these
# targets mutate bytes.
#
# Installs cargo-fuzz if it is missing. With a nightly toolchain installed (`rustup toolchain
# list`), builds with AddressSanitizer; otherwise with the default (stable) toolchain and
# `--sanitizer none`: every flag cargo fuzz then passes is a stable `-C` flag (sanitizer
# coverage, `--cfg fuzzing`, debug assertions), so no nightly is needed. The engine forbids
# `unsafe`, so what ASan adds is a check on the C and `unsafe` code of dependencies.
#
# Each target runs for FUZZ_SECONDS (default 60), one at a time. Seeds: fuzz/seeds/<target>;
# what the fuzzer learns is kept in fuzz/corpus/<target> (gitignored) for the next run. Crashes
# land in fuzz/artifacts/<target>/ (gitignored), logs in fuzz/artifacts/<target>.log. Exits 1
# if any target crashed, printing how to reproduce and minimise the input.
#
#   FUZZ_SECONDS=600 scripts/cargo-fuzz.sh            # all targets, ten minutes each
#   FUZZ_TARGETS="plan options" scripts/cargo-fuzz.sh # some of them
#   FUZZ_TOOLCHAIN=stable scripts/cargo-fuzz.sh       # stable even where nightly is installed
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
read -r -a targets <<<"${FUZZ_TARGETS:-analyze_render options plan}"
# The version this script was checked with.
cargo_fuzz_version=0.13.2

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz: installing cargo-fuzz $cargo_fuzz_version" >&2
    cargo install cargo-fuzz --locked --version "$cargo_fuzz_version"
fi

# FUZZ_TOOLCHAIN=stable (or a toolchain name) overrides the choice.
toolchain=${FUZZ_TOOLCHAIN:-$(rustup toolchain list 2>/dev/null | grep -o '^nightly[^ ]*' | head -n 1 || true)}
if [[ $toolchain == nightly* ]]; then
    cargo=(cargo "+$toolchain" fuzz)
    rustc=(rustc "+$toolchain")
    sanitizer=address
    label=nightly
elif [[ -z $toolchain || $toolchain == stable ]]; then
    # The default toolchain: stable on these machines.
    cargo=(cargo fuzz)
    rustc=(rustc)
    sanitizer=none
    label=stable
else
    cargo=(cargo "+$toolchain" fuzz)
    rustc=(rustc "+$toolchain")
    sanitizer=none
    label=$toolchain
fi
# One build directory per toolchain and sanitizer, so switching does not rebuild the other.
build=(--sanitizer "$sanitizer" --target-dir "fuzz/target/$label-$sanitizer")
echo "cargo-fuzz: $("${cargo[@]}" --version); $("${rustc[@]}" --version); sanitizer $sanitizer; ${seconds} s per target" >&2

crashed=()
summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    before=$(ls "fuzz/artifacts/$target")
    log="fuzz/artifacts/$target.log"
    echo "cargo-fuzz: $target (log: $log)" >&2
    set +e
    "${cargo[@]}" run "${build[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=20 -dict="fuzz/dicts/$target.dict" \
        -print_final_stats=1 2>&1 | tee "$log" |
        grep --line-buffered -E '^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|panicked' >&2
    status=${PIPESTATUS[0]}
    set -e
    new=$(comm -13 <(echo "$before") <(ls "fuzz/artifacts/$target") | grep -v '^$' || true)
    # The last status line: "#N DONE cov: C ft: F corp: ... exec/s: E rss: ...".
    last=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    execs=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' <<<"$last")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    if [[ $status -ne 0 || -n $new ]]; then
        crashed+=("$target")
        summary+=("$target: CRASH (exit $status) after ${runs:-?} runs")
        for file in $new; do
            path="fuzz/artifacts/$target/$file"
            echo "cargo-fuzz: $target found $path" >&2
            echo "  reproduce: ${cargo[*]} run ${build[*]} $target $path" >&2
            echo "  minimise:  ${cargo[*]} tmin ${build[*]} $target $path" >&2
        done
        [[ -n $new ]] || echo "cargo-fuzz: $target failed without an artifact; see $log" >&2
    else
        summary+=("$target: ${runs:-?} runs, ${execs:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, no crash")
    fi
done

echo "cargo-fuzz ($label, sanitizer $sanitizer, ${seconds} s each):" >&2
printf '  %s\n' "${summary[@]}" >&2
if [[ ${#crashed[@]} -gt 0 ]]; then
    echo "cargo-fuzz: crashes in ${crashed[*]} (fuzz/artifacts/)" >&2
    exit 1
fi
