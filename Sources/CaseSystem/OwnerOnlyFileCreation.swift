#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide half of "files are created 0600 and directories 0700": both
/// executables set this umask before they do anything else.
///
/// Why a umask on top of the explicit modes the code gives (key files, the database,
/// the data and backup directories): it covers whatever a library creates with its own
/// default, such as the parents `mkdir -p` makes or a file Foundation writes, so nothing
/// the node or casectl leaves behind is readable by other users of the machine.
public enum OwnerOnlyFileCreation {
    /// No permission bit for group or others survives a create.
    public static let umaskBits: mode_t = 0o077

    /// Sets the process's umask; call it first thing in `main`. Not for libraries or
    /// tests: the umask is process-wide.
    public static func apply() {
        umask(umaskBits)
    }
}
