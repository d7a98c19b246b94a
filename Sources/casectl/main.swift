import CaseCLI
import CaseSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// casectl: the clerk's and admin's command line; all the work is in CaseCLI's `Casectl`.
// Whatever casectl writes (keys, exports) is for the admin running it alone.
OwnerOnlyFileCreation.apply()
signal(SIGPIPE, SIG_IGN)

let output = Casectl.Output(
    standard: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
    error: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })

let casectl = Casectl(
    environment: ProcessInfo.processInfo.environment, output: output,
    readInput: { path in
        let handle = path == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        return [UInt8](try handle.read(upToCount: Casectl.maxInputBytes + 1) ?? Data())
    })
exit(casectl.run(Array(CommandLine.arguments.dropFirst())))
