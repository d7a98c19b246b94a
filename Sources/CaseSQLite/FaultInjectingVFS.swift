import CSQLite
import Synchronization

// Fault injection exists in debug builds only (tests and fault harness): a release
// node, the one a centre runs, ships none of it.
#if FAULT_INJECTION

/// An SQLite VFS that passes every call to the default VFS and fails writes or syncs on
/// command, for I/O-error loops in the style of SQLite's own tests and for the fault harness.
///
/// Register it once under a name, open connections with `SQLiteConfiguration(vfsName:)`, then
/// `inject` a fault: the Nth write fails with SQLiteResultCodes.ioErrorWrite, the Nth sync with
/// SQLiteResultCodes.ioErrorFsync, or every write that would pass a byte budget with SQLITE_FULL. Writes
/// and syncs of every file SQLite opens through the VFS count (database, WAL, journals).
///
/// A registered VFS lives for the rest of the process: SQLite may hold files open through it,
/// so it is never unregistered.
public final class FaultInjectingVFS: Sendable {
    /// A fault to inject. Counting starts at `inject`.
    public enum Fault: Sendable, Equatable {
        /// The `nth` write (1-based) fails with SQLiteResultCodes.ioErrorWrite; with `persistent`, every
        /// later write fails too (a dead disk), otherwise later writes succeed again.
        case failWrite(nth: Int, persistent: Bool = false)
        /// The `nth` sync (1-based) fails with SQLiteResultCodes.ioErrorFsync; `persistent` as above.
        case failSync(nth: Int, persistent: Bool = false)
        /// Every write that would take the bytes written past `afterBytes` fails with
        /// SQLITE_FULL, as a full disk would.
        case diskFull(afterBytes: Int64)
    }

    /// What passed through the VFS since the last `inject` or `clearFault`.
    public struct Counters: Sendable, Equatable {
        /// xWrite calls, failed ones included.
        public var writes = 0
        /// xSync calls, failed ones included.
        public var syncs = 0
        /// Bytes of the writes that were let through.
        public var bytesWritten: Int64 = 0
        /// Writes and syncs failed on purpose.
        public var faultsInjected = 0
    }

    private struct State {
        var fault: Fault?
        var counters = Counters()
    }

    /// The name to pass as `SQLiteConfiguration.vfsName`.
    public let name: String
    private let state = Mutex(State())
    private let vfs: VFSPointers

    /// The VFS registered under `name`, registering it on first use. Registration happens at
    /// most once per name per process.
    public static func register(name: String = "casestore-faults") throws -> FaultInjectingVFS {
        try registry.withLock { registered in
            if let existing = registered[name] { return existing }
            precondition(sqlite3_vfs_find(name) == nil, "another VFS is already registered as \(name)")
            guard let defaultVFS = sqlite3_vfs_find(nil) else {
                throw SQLiteError(resultCode: SQLITE_ERROR, message: "SQLite has no default VFS to wrap")
            }
            let created = FaultInjectingVFS(name: name, wrapping: defaultVFS)
            let rc = sqlite3_vfs_register(created.vfs.wrapper, 0)
            guard rc == SQLITE_OK else {
                throw SQLiteError(resultCode: rc, message: "could not register the VFS \(name)")
            }
            registered[name] = created
            return created
        }
    }

    private init(name: String, wrapping real: UnsafeMutablePointer<sqlite3_vfs>) {
        self.name = name
        let wrapper = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        wrapper.initialize(to: sqlite3_vfs())
        vfs = VFSPointers(wrapper: wrapper, real: real)
        FaultVFSMethods.fill(wrapper, wrapping: real, name: name, context: Unmanaged.passUnretained(self).toOpaque())
    }

    /// Starts counting from zero and arms `fault`; replaces any earlier fault.
    public func inject(_ fault: Fault) {
        switch fault {
        case .failWrite(let nth, _), .failSync(let nth, _):
            precondition(nth >= 1, "fault positions count from 1, got \(nth)")
        case .diskFull(let afterBytes):
            precondition(afterBytes >= 0, "a byte budget cannot be negative, got \(afterBytes)")
        }
        state.withLock { $0 = State(fault: fault) }
    }

    /// Disarms any fault and starts counting from zero.
    public func clearFault() {
        state.withLock { $0 = State() }
    }

    /// What passed through since the last `inject` or `clearFault`.
    public var counters: Counters {
        state.withLock { $0.counters }
    }

    /// Counts one write of `byteCount` bytes; returns the error to fail it with, if any.
    fileprivate func admitWrite(byteCount: Int64) -> Int32? {
        state.withLock { state in
            state.counters.writes += 1
            let failure: Int32?
            switch state.fault {
            case .failWrite(let nth, let persistent)?:
                let hit = state.counters.writes == nth || (persistent && state.counters.writes > nth)
                failure = hit ? SQLiteResultCodes.ioErrorWrite : nil
            case .diskFull(let afterBytes)?:
                failure = state.counters.bytesWritten + byteCount > afterBytes ? SQLITE_FULL : nil
            default:
                failure = nil
            }
            if failure == nil {
                state.counters.bytesWritten += byteCount
            } else {
                state.counters.faultsInjected += 1
            }
            return failure
        }
    }

    /// Counts one sync; returns the error to fail it with, if any.
    fileprivate func admitSync() -> Int32? {
        state.withLock { state in
            state.counters.syncs += 1
            guard case .failSync(let nth, let persistent)? = state.fault else { return nil }
            guard state.counters.syncs == nth || (persistent && state.counters.syncs > nth) else { return nil }
            state.counters.faultsInjected += 1
            return SQLiteResultCodes.ioErrorFsync
        }
    }

    fileprivate var realVFS: UnsafeMutablePointer<sqlite3_vfs> { vfs.real }
}

/// Every registered fault VFS by name; they are never released (see `FaultInjectingVFS`).
private let registry = Mutex<[String: FaultInjectingVFS]>([:])

/// The C structs SQLite holds. Sendable because they are written once, before registration,
/// and only read afterwards (by SQLite, from any thread).
private struct VFSPointers: @unchecked Sendable {
    let wrapper: UnsafeMutablePointer<sqlite3_vfs>
    let real: UnsafeMutablePointer<sqlite3_vfs>
}

// MARK: - The C side

/// Memory layout of a file opened through the fault VFS. SQLite allocates `szOsFile` bytes:
///
///     offset 0   sqlite3_file  (its pMethods points at `FaultVFSMethods.io`)
///     offset 8   the owning FaultInjectingVFS (unretained)
///     offset 16  the default VFS's own file object, `real.szOsFile` bytes
private enum FaultFileLayout {
    static let controllerOffset = MemoryLayout<sqlite3_file>.stride
    // Rounded to 16 so the wrapped VFS gets the alignment malloc would give it.
    static let realFileOffset = (controllerOffset + MemoryLayout<UnsafeRawPointer>.stride + 15) / 16 * 16

    static func realFile(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + realFileOffset).assumingMemoryBound(to: sqlite3_file.self)
    }

    static func realMethods(_ file: UnsafeMutablePointer<sqlite3_file>) -> sqlite3_io_methods {
        guard let methods = realFile(file).pointee.pMethods else {
            preconditionFailure("SQLite used a file that the default VFS did not open")
        }
        return methods.pointee
    }

    static func setController(_ context: UnsafeMutableRawPointer, of file: UnsafeMutablePointer<sqlite3_file>) {
        (UnsafeMutableRawPointer(file) + controllerOffset).storeBytes(of: UnsafeRawPointer(context), as: UnsafeRawPointer.self)
    }

    static func controller(_ file: UnsafeMutablePointer<sqlite3_file>) -> FaultInjectingVFS {
        let context = (UnsafeMutableRawPointer(file) + controllerOffset).load(as: UnsafeRawPointer.self)
        return Unmanaged<FaultInjectingVFS>.fromOpaque(context).takeUnretainedValue()
    }
}

/// The C function tables. Each function forwards to the default VFS; only xWrite and xSync
/// consult the controller first.
private enum FaultVFSMethods {
    static func fill(
        _ wrapper: UnsafeMutablePointer<sqlite3_vfs>, wrapping defaultVFS: UnsafeMutablePointer<sqlite3_vfs>,
        name: String, context: UnsafeMutableRawPointer
    ) {
        // Version 2: everything SQLite needs, without the system-call overrides of version 3.
        wrapper.pointee.iVersion = 2
        wrapper.pointee.szOsFile = Int32(FaultFileLayout.realFileOffset) + defaultVFS.pointee.szOsFile
        wrapper.pointee.mxPathname = defaultVFS.pointee.mxPathname
        wrapper.pointee.zName = UnsafePointer(permanentCString(name))
        wrapper.pointee.pAppData = context
        wrapper.pointee.xOpen = open
        wrapper.pointee.xDelete = { vfs, path, syncDir in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xDelete!(real, path, syncDir)
        }
        wrapper.pointee.xAccess = { vfs, path, flags, result in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xAccess!(real, path, flags, result)
        }
        wrapper.pointee.xFullPathname = { vfs, path, count, out in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xFullPathname!(real, path, count, out)
        }
        wrapper.pointee.xDlOpen = { vfs, path in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xDlOpen!(real, path)
        }
        wrapper.pointee.xDlError = { vfs, count, message in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xDlError!(real, count, message)
        }
        wrapper.pointee.xDlSym = { vfs, library, symbol in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xDlSym!(real, library, symbol)
        }
        wrapper.pointee.xDlClose = { vfs, library in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xDlClose!(real, library)
        }
        wrapper.pointee.xRandomness = { vfs, count, out in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xRandomness!(real, count, out)
        }
        wrapper.pointee.xSleep = { vfs, microseconds in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xSleep!(real, microseconds)
        }
        wrapper.pointee.xCurrentTime = { vfs, now in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xCurrentTime!(real, now)
        }
        wrapper.pointee.xGetLastError = { vfs, count, out in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xGetLastError!(real, count, out)
        }
        wrapper.pointee.xCurrentTimeInt64 = { vfs, now in
            let real = FaultVFSMethods.real(vfs)
            return real.pointee.xCurrentTimeInt64!(real, now)
        }
    }

    /// The default VFS behind the wrapper `vfs`.
    static func real(_ vfs: UnsafeMutablePointer<sqlite3_vfs>?) -> UnsafeMutablePointer<sqlite3_vfs> {
        guard let context = vfs?.pointee.pAppData else { preconditionFailure("fault VFS called without its context") }
        return Unmanaged<FaultInjectingVFS>.fromOpaque(context).takeUnretainedValue().realVFS
    }

    private static let open: @convention(c) (
        UnsafeMutablePointer<sqlite3_vfs>?, sqlite3_filename?, UnsafeMutablePointer<sqlite3_file>?, Int32,
        UnsafeMutablePointer<Int32>?
    ) -> Int32 = { vfs, path, file, flags, outFlags in
        guard let vfs, let file, let context = vfs.pointee.pAppData else { return SQLITE_MISUSE }
        let realVFS = FaultVFSMethods.real(vfs)
        FaultFileLayout.setController(context, of: file)
        let realFile = FaultFileLayout.realFile(file)
        let rc = realVFS.pointee.xOpen!(realVFS, path, realFile, flags, outFlags)
        // SQLite calls xClose exactly when pMethods is set, so mirror what the default VFS did.
        file.pointee.pMethods = realFile.pointee.pMethods == nil ? nil : UnsafePointer(FaultVFSMethods.io.pointer)
        return rc
    }

    /// The io_methods table shared by every file of every fault VFS.
    static let io = IOMethodsTable()

    /// A C string that lives as long as the process (SQLite keeps the VFS name pointer).
    private static func permanentCString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        copy.initialize(from: bytes, count: bytes.count)
        return copy
    }
}

/// The sqlite3_io_methods table, allocated once and never freed. Sendable because it is
/// written only in `init`, before any file can use it.
private struct IOMethodsTable: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<sqlite3_io_methods>

    init() {
        pointer = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        pointer.initialize(to: sqlite3_io_methods())
        // Version 2 has the shared-memory methods WAL needs and leaves out xFetch/xUnfetch:
        // memory-mapped reads would bypass nothing we count, but stay simpler off.
        pointer.pointee.iVersion = 2
        pointer.pointee.xClose = { file in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xClose!(FaultFileLayout.realFile(file))
        }
        pointer.pointee.xRead = { file, buffer, amount, offset in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xRead!(FaultFileLayout.realFile(file), buffer, amount, offset)
        }
        pointer.pointee.xWrite = { file, buffer, amount, offset in
            guard let file else { return SQLITE_MISUSE }
            if let failure = FaultFileLayout.controller(file).admitWrite(byteCount: Int64(amount)) { return failure }
            return FaultFileLayout.realMethods(file).xWrite!(FaultFileLayout.realFile(file), buffer, amount, offset)
        }
        pointer.pointee.xTruncate = { file, size in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xTruncate!(FaultFileLayout.realFile(file), size)
        }
        pointer.pointee.xSync = { file, flags in
            guard let file else { return SQLITE_MISUSE }
            if let failure = FaultFileLayout.controller(file).admitSync() { return failure }
            return FaultFileLayout.realMethods(file).xSync!(FaultFileLayout.realFile(file), flags)
        }
        pointer.pointee.xFileSize = { file, size in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xFileSize!(FaultFileLayout.realFile(file), size)
        }
        pointer.pointee.xLock = { file, level in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xLock!(FaultFileLayout.realFile(file), level)
        }
        pointer.pointee.xUnlock = { file, level in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xUnlock!(FaultFileLayout.realFile(file), level)
        }
        pointer.pointee.xCheckReservedLock = { file, result in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xCheckReservedLock!(FaultFileLayout.realFile(file), result)
        }
        pointer.pointee.xFileControl = { file, operation, argument in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xFileControl!(FaultFileLayout.realFile(file), operation, argument)
        }
        pointer.pointee.xSectorSize = { file in
            guard let file else { return 0 }
            return FaultFileLayout.realMethods(file).xSectorSize!(FaultFileLayout.realFile(file))
        }
        pointer.pointee.xDeviceCharacteristics = { file in
            guard let file else { return 0 }
            return FaultFileLayout.realMethods(file).xDeviceCharacteristics!(FaultFileLayout.realFile(file))
        }
        pointer.pointee.xShmMap = { file, region, regionSize, extend, address in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xShmMap!(FaultFileLayout.realFile(file), region, regionSize, extend, address)
        }
        pointer.pointee.xShmLock = { file, offset, count, flags in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xShmLock!(FaultFileLayout.realFile(file), offset, count, flags)
        }
        pointer.pointee.xShmBarrier = { file in
            guard let file else { return }
            FaultFileLayout.realMethods(file).xShmBarrier!(FaultFileLayout.realFile(file))
        }
        pointer.pointee.xShmUnmap = { file, deleteFlag in
            guard let file else { return SQLITE_MISUSE }
            return FaultFileLayout.realMethods(file).xShmUnmap!(FaultFileLayout.realFile(file), deleteFlag)
        }
    }
}
#endif
