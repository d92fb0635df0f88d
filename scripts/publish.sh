#!/usr/bin/env bash
# Publishes the page to a branch that a static host serves, GitHub Pages'
# "deploy from a branch" among them:
#
#   bash scripts/publish.sh              # builds, then commits dist/ to gh-pages
#   bash scripts/publish.sh BRANCH       # another branch
#   NO_BUILD=1 bash scripts/publish.sh   # commit the dist/ already built
#
# The branch holds exactly dist/ (plus .nojekyll, so GitHub Pages serves the
# files as they are), one commit per publication on top of the last. Your
# checkout, index and current branch are not touched. Nothing is pushed:
# the script prints the push command.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

branch="${1:-gh-pages}"
git check-ref-format --branch "$branch" >/dev/null 2>&1 || die "'$branch' is not a valid branch name"
[[ "$branch" != "$(git symbolic-ref --quiet --short HEAD || true)" ]] \
  || die "'$branch' is the branch you are on; publish to another one (gh-pages)"

if [[ -z "${NO_BUILD:-}" ]]; then
  bash scripts/build.sh
fi
[[ -f dist/index.html && -f dist/sw.js ]] || die "dist/ holds no finished build (run bash scripts/build.sh)"

say "Committing dist/ to $branch"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
index="$scratch/index"
# A throwaway index over dist/ as the work tree: the branch's tree is dist/,
# plus an empty .nojekyll (dist/ itself is left as the build wrote it).
GIT_INDEX_FILE="$index" git --work-tree=dist add --all --force .
GIT_INDEX_FILE="$index" git update-index --add \
  --cacheinfo "100644,$(git hash-object -w --stdin </dev/null),.nojekyll"
tree="$(GIT_INDEX_FILE="$index" git --work-tree=dist write-tree)"
parent="$(git rev-parse --quiet --verify "refs/heads/$branch" || true)"
if [[ -n "$parent" && "$(git rev-parse "$parent^{tree}")" == "$tree" ]]; then
  echo "$branch already holds this build ($(git rev-parse --short "$parent")); nothing to commit"
  exit 0
fi
source_commit="$(git rev-parse --short HEAD)"
dirty=""
[[ -z "$(git status --porcelain --untracked-files=no)" ]] || dirty=" with uncommitted changes"
commit="$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "Publish Headroom built from $source_commit$dirty")"
git update-ref "refs/heads/$branch" "$commit" ${parent:+"$parent"}
echo "$branch is now $(git rev-parse --short "$commit"): $(git ls-tree -r --name-only "$commit" | wc -l) files"
cat <<EOF

Next:
  git push origin $branch
Then, once, on GitHub: Settings -> Pages -> Build and deployment -> Source:
"Deploy from a branch", branch $branch, folder / (root). The page is then at
https://<owner>.github.io/<repository>/ and works offline after one visit.
EOF
