/// One line of a chart: named points, drawn solid (measured) or dashed (a
/// theory or a ceiling).
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    public var dashed: Bool
    /// Marks a dot at every point (measured values), or only draws the line.
    public var markers: Bool

    public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false, markers: Bool = true) {
        self.name = name
        self.points = points
        self.dashed = dashed
        self.markers = markers
    }

    public static func == (lhs: ChartSeries, rhs: ChartSeries) -> Bool {
        lhs.name == rhs.name && lhs.dashed == rhs.dashed && lhs.markers == rhs.markers
            && lhs.points.elementsEqual(rhs.points) { $0.x == $1.x && $0.y == $1.y }
    }
}
