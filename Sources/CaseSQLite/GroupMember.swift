/// What the queue needs of a waiting write, whatever its result type.
protocol GroupMember: AnyObject, Sendable {
    func run(on connection: SQLiteConnection) throws
    func finish(groupError: (any Error)?)
    func takeTurn()
}
