# Sourced by the contract scripts: sets $pact to the pinned pact CLI of this platform in contracts/node_modules
# (npm ci installs only the current platform's package). Linux and macOS on x64 or arm64; Windows (Git Bash) x64.
case "$(uname -s)" in
  Linux) pact_os=linux ;;
  Darwin) pact_os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) pact_os=windows ;;
  *) echo "no pact CLI package for $(uname -s)" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  arm64 | aarch64) pact_arch=arm64 ;;
  *) pact_arch=x64 ;;
esac
pact="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node_modules/@pact-foundation/pact-cli-$pact_os-$pact_arch/standalone/pact"
[ "$pact_os" != windows ] || pact="$pact.exe"
