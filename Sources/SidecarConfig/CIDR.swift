#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Syntax check for `hooks.allow` entries. Matching addresses against the blocks is the hook
/// server's job (SidecarHTTP's `CIDR`); here we only make sure a typo fails at startup, with the
/// key and layer named, instead of locking SRS out at the first hook.
enum CIDR {
    /// True for `address/prefix` with an IPv4 address and prefix 0...32 or an IPv6 address and
    /// prefix 0...128, or for a bare address, which means that single host (as the hook server
    /// reads it).
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let address = String(parts[0])
        let width: Int
        if parses(address, family: AF_INET) {
            width = 32
        } else if parses(address, family: AF_INET6) {
            width = 128
        } else {
            return false
        }
        guard parts.count == 2 else { return true }
        let digits = parts[1]
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let prefix = Int(digits) else {
            return false
        }
        return prefix <= width
    }

    /// inet_pton is strict (no leading zeros, no hostnames), which is what a config check wants.
    private static func parses(_ address: String, family: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(family, address, &buffer) == 1
    }
}
