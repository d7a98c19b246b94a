/// A closure to keep in a `Mutex`, or in any generic storage read through `inout`.
///
/// Kept there bare, as `Mutex<(() -> Value)?>`, a closure read with `withLock { $0 }` is
/// converted to the generic representation and back, and the converted copy is written back:
/// every read wraps the stored closure in two more thunks, and every call runs through all of
/// them. Measured on this code's toolchain: after 10,000 reads one call took 640 KB of stack.
/// A node read its centres' source at every filing and its HTTP counters at every `/metrics`
/// scrape, so each got slower than the last, and in time one would have overflowed its
/// thread's stack. Inside a struct the closure is stored and read as it is. A callback with
/// arguments is kept as the value of one: `StoredClosure { deliver }.call()(sender, message)`.
public struct StoredClosure<Value>: Sendable {
    public let call: @Sendable () -> Value

    public init(_ call: @escaping @Sendable () -> Value) {
        self.call = call
    }
}
