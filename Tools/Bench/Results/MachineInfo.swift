import CaseCore

/// The machine a run happened on, so figures are read against their hardware.
public struct MachineInfo: Sendable, Equatable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: Int
    /// Device and filesystem of the directory holding the node's data, e.g. "/dev/vda (ext4)".
    public var dataDisk: String
    public var dataDirectory: String
    public var os: String
    public var swiftVersion: String
    /// 1-minute load average at the start and the end of the run: other work on the machine skews figures.
    public var loadAverageStart: Double
    public var loadAverageEnd: Double

    public init(
        cpuModel: String, cores: Int, memoryBytes: Int, dataDisk: String, dataDirectory: String, os: String,
        swiftVersion: String, loadAverageStart: Double, loadAverageEnd: Double
    ) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.dataDisk = dataDisk
        self.dataDirectory = dataDirectory
        self.os = os
        self.swiftVersion = swiftVersion
        self.loadAverageStart = loadAverageStart
        self.loadAverageEnd = loadAverageEnd
    }
}

extension MachineInfo: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        cpuModel = try fields.need("cpuModel")
        cores = try fields.need("cores")
        memoryBytes = try fields.need("memoryBytes")
        dataDisk = try fields.need("dataDisk")
        dataDirectory = try fields.need("dataDirectory")
        os = try fields.need("os")
        swiftVersion = try fields.need("swiftVersion")
        loadAverageStart = try fields.need("loadAverageStart")
        loadAverageEnd = try fields.need("loadAverageEnd")
    }
}
