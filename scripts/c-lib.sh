# Sourced by the scripts that build or link libarrears: its version and SONAME, one place.
#   arrears_version      0.1.0 (the workspace version)
#   arrears_soname       libarrears.so.0.1 (0.x: major.minor, as a 0.x minor may break the ABI;
#                        from 1.0: libarrears.so.MAJOR)
#   arrears_soname_link DIR   makes DIR/<soname> point at DIR/libarrears.so, so that programs
#                        linked against a cargo target dir start (cargo names the file
#                        libarrears.so; the library's SONAME asks for libarrears.so.0.1)
arrears_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arrears_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$arrears_root/Cargo.toml"
}
arrears_soname() {
  local v major minor
  v=$(arrears_version); major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  if [ "$major" = 0 ]; then echo "libarrears.so.0.$minor"; else echo "libarrears.so.$major"; fi
}
arrears_soname_link() {
  ln -sf libarrears.so "$1/$(arrears_soname)"
}
