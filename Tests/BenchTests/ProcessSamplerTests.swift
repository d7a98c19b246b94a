@testable import Bench
import NodeLauncher
import XCTest

final class ProcessSamplerTests: XCTestCase {
    func testCPUTicksAreFields14And15AfterTheCommandName() {
        // A command name with spaces and a parenthesis must not shift the fields.
        let stat = "4242 (case node) x) S 1 4242 4242 0 -1 4194560 500 0 0 0 1234 56 0 0 20 0 9 0 100 2000000 3000"
        XCTAssertEqual(ProcessSampler.cpuTicks(stat: stat), 1_290)
        XCTAssertNil(ProcessSampler.cpuTicks(stat: "garbage"))
    }

    func testKilobytesOfStatusLinesWithTabs() {
        let status = "Name:\tcasenode\nVmHWM:\t   40960 kB\nVmRSS:\t   32768 kB\n"
        XCTAssertEqual(ProcessSampler.kilobytes("VmRSS", in: status), 32_768)
        XCTAssertEqual(ProcessSampler.kilobytes("VmHWM", in: status), 40_960)
        XCTAssertEqual(ProcessSampler.kilobytes("VmSwap", in: status), 0)
    }

    func testPortIsReadFromTheServingLine() {
        let line = "casenode bench serving http://127.0.0.1:40123, peer 127.0.0.1:40124 (cluster casestore, data in /tmp/x)"
        XCTAssertEqual(CasenodeProcess.port(after: "http://127.0.0.1:", in: line), 40_123)
        XCTAssertEqual(CasenodeProcess.port(after: "peer 127.0.0.1:", in: line), 40_124)
        XCTAssertNil(CasenodeProcess.port(after: "http://127.0.0.1:", in: "starting"))
    }
}
