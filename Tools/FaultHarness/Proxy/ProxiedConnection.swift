import CaseNet
import Dispatch
import Synchronization

/// One sender connection and its upstream twin, shared by the two pump threads.
final class ProxiedConnection: Sendable {
    /// The node id from the hello; nil when the first frame was not a hello.
    let sender: String?
    let client: TCPConnection
    let server: TCPConnection
    private let tainted = Atomic<Bool>(false)
    private let reverseDone = DispatchSemaphore(value: 0)

    init(sender: String?, client: TCPConnection, server: TCPConnection) {
        self.sender = sender
        self.client = client
        self.server = server
    }

    /// Whether a black hole has swallowed bytes of this stream.
    var isTainted: Bool { tainted.load(ordering: .relaxed) }

    func taint() { tainted.store(true, ordering: .relaxed) }

    /// Wakes both pumps: their reads see the end of the stream.
    func breakBoth() {
        client.shutdown(.both)
        server.shutdown(.both)
    }

    func reverseFinished() { reverseDone.signal() }

    /// The serving thread waits for the reverse pump before closing sockets,
    /// so no descriptor is released under a thread still using it.
    func waitForReverse() { reverseDone.wait() }
}
