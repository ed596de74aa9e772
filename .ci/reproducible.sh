#!/usr/bin/env bash
# Reproducible build check: builds the published artifacts twice, each time from a fresh copy of the work tree
# (at different paths, in different time zones and JVM locales), and fails if any published file differs byte
# for byte: the jars (classes, sources, javadoc, the CLI's runnable jar) and the CycloneDX SBOMs. Publishes
# nothing and installs nothing (package only; signing skipped).
# Both builds use umask 022, as a release build must: the jars keep the file modes the build's files have.
#   bash .ci/reproducible.sh            # keeps nothing; KEEP=1 keeps the two copies for inspection
set -euo pipefail
cd "$(dirname "$0")/.."

published=(featbit-testkit featbit-server-sdk featbit-testdata featbit-opentelemetry featbit-openfeature featbit-redis featbit-spring-boot-starter featbit-servlet featbit-cli featbit-bom)
build_args=(-B -q -Prelease -Dgpg.skip -DskipTests package)

work=$(mktemp -d "${TMPDIR:-/tmp}/featbit-reproducible.XXXXXX")
if [[ "${KEEP:-}" == 1 ]]; then echo "copies kept in $work"; else trap 'rm -rf "$work"' EXIT; fi

# a copy of the work tree as git sees it (tracked and untracked files, nothing ignored, no build output)
copy_tree() {
  mkdir -p "$1"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$1"
}

copy_tree "$work/a"
copy_tree "$work/b-elsewhere"
echo "build 1 of 2 ($work/a)"
(cd "$work/a" && umask 022 && TZ=UTC mvn "${build_args[@]}")
echo "build 2 of 2 ($work/b-elsewhere)"
(cd "$work/b-elsewhere" && umask 022 && TZ=Pacific/Auckland \
  MAVEN_OPTS="${MAVEN_OPTS:-} -Duser.language=de -Duser.country=DE -Duser.timezone=Pacific/Auckland" \
  mvn "${build_args[@]}")

compared=0
differ=0
for m in "${published[@]}"; do
  for f in "$work/a/$m"/target/*.jar "$work/a/$m"/target/bom.json "$work/a/$m"/target/bom.xml; do
    [[ -f "$f" ]] || continue
    rel=${f#"$work/a/"}
    other="$work/b-elsewhere/$rel"
    compared=$((compared + 1))
    if [[ ! -f "$other" ]]; then
      echo "DIFFERS: $rel (missing in the second build)"; differ=$((differ + 1)); continue
    fi
    if cmp -s "$f" "$other"; then
      echo "same     $rel  $(sha256sum "$f" | cut -c1-16)"
    else
      echo "DIFFERS: $rel"
      differ=$((differ + 1))
      if [[ "$f" == *.jar ]]; then
        # entry by entry: size, CRC and time of each entry that is not the same in both
        diff <(unzip -v "$f" | sed '1,3d' | awk '{print $8, $1, $7, $5, $6}' | sort) \
             <(unzip -v "$other" | sed '1,3d' | awk '{print $8, $1, $7, $5, $6}' | sort) | head -20 || true
      else
        diff "$f" "$other" | head -20 || true
      fi
    fi
  done
done
if (( compared == 0 )); then echo "nothing was compared"; exit 1; fi
if (( differ > 0 )); then echo "NOT reproducible: $differ of $compared published files differ"; exit 1; fi
echo "reproducible: $compared published files identical in both builds"
