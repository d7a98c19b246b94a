extension FaultProxy {
    /// Carries out a control command and returns the line to print. `quit`
    /// only answers; stopping is the caller's job.
    public func perform(_ command: ProxyCommand) -> String {
        switch command {
        case .setMode(let mode, let sender):
            setMode(mode, from: sender)
            return "ok \(mode) from \(sender ?? "*")"
        case .reset(let sender):
            return "ok reset \(resetConnections(from: sender)) connections from \(sender ?? "*")"
        case .upstream(let host, let port):
            setUpstream(host: host, port: port)
            return "ok upstream \(host):\(port)"
        case .status:
            let counters = self.counters
            return "ok \(name) listening \(listenAddress), default \(mode(from: nil)), \(connectionCount) connections, "
                + "accepted \(counters.connectionsAccepted), refused \(counters.connectionsRefused), reset \(counters.connectionsReset), "
                + "forwarded \(counters.bytesForwarded) B, dropped \(counters.bytesDropped) B"
        case .quit:
            return "ok quit"
        }
    }
}
