/// A `host:port` to listen on, as given in flags and config files.
public struct ListenAddress: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses "127.0.0.1:7400" (IPv4 or a name; port 0 asks for any free port).
    public init(parsing text: String, setting: String) throws(ConfigurationError) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw ConfigurationError("\(setting): expected host:port such as 127.0.0.1:7400, got '\(text)'")
        }
        let host = String(text[..<colon])
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw ConfigurationError("\(setting): the port must be a number from 0 to 65535, got '\(text)'")
        }
        self.init(host: host, port: port)
    }

    public var description: String { "\(host):\(port)" }
}

/// A setting that cannot be used, with the setting's name and what is allowed.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
