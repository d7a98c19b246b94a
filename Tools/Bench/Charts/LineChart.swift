import CaseSupport
import Foundation

/// A small line chart rendered as a standalone SVG document: axes with ticks,
/// one polyline per series, a legend. Written here rather than pulled in,
/// because the project has no dependencies and a chart needs little.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    /// Logarithmic x axis (cluster sizes 10…3,321); all x must then be > 0.
    public var logX: Bool

    public let width = 640.0
    public let height = 400.0
    /// Room for tick labels and axis titles around the plot area.
    public let margin = (left: 70.0, right: 20.0, top: 40.0, bottom: 60.0)
    /// Bounds the document size: a chart is read by people, who cannot see more points than this.
    public static let maxPointsPerSeries = 5_000

    /// Colours that stay distinguishable for most colour-blind readers (Okabe–Ito).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], logX: Bool = false) {
        precondition(series.allSatisfy { $0.points.count <= Self.maxPointsPerSeries }, "at most \(Self.maxPointsPerSeries) points per series")
        precondition(!logX || series.allSatisfy { $0.points.allSatisfy { $0.x > 0 } }, "a log axis needs x > 0")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logX = logX
    }

    /// The data range shown: all points, y from 0, padded so no range is empty.
    public var bounds: (minX: Double, maxX: Double, minY: Double, maxY: Double) {
        let xs = series.flatMap { $0.points.map { logX ? log10($0.x) : $0.x } }
        let ys = series.flatMap { $0.points.map(\.y) }
        var minX = xs.min() ?? 0, maxX = xs.max() ?? 1
        if minX == maxX { (minX, maxX) = (minX - 1, maxX + 1) }
        var maxY = (ys.max() ?? 1) * 1.05
        if maxY <= 0 { maxY = 1 }
        return (minX, maxX, 0, maxY)
    }

    /// Where the data point (x, y) lands in SVG coordinates (y grows downwards).
    public func position(x: Double, y: Double) -> (x: Double, y: Double) {
        let b = bounds
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        let dataX = logX ? log10(x) : x
        let px = margin.left + (dataX - b.minX) / (b.maxX - b.minX) * plotWidth
        let py = margin.top + plotHeight - (y - b.minY) / (b.maxY - b.minY) * plotHeight
        return (px, py)
    }

    /// The whole SVG document.
    public func render() -> String {
        var svg = [String]()
        svg.append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        svg.append(#"<svg xmlns="http://www.w3.org/2000/svg" width="\#(fmt(width))" height="\#(fmt(height))" viewBox="0 0 \#(fmt(width)) \#(fmt(height))" font-family="sans-serif" font-size="12">"#)
        svg.append(#"<rect width="100%" height="100%" fill="white"/>"#)
        svg.append(#"<text x="\#(fmt(width / 2))" y="22" text-anchor="middle" font-size="15">\#(MarkupText.escape(title))</text>"#)
        svg += axes()
        for (index, line) in series.enumerated() {
            svg += draw(line, colour: Self.palette[index % Self.palette.count])
        }
        svg += legend()
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private func axes() -> [String] {
        let b = bounds
        let left = margin.left, right = width - margin.right, top = margin.top, bottom = height - margin.bottom
        var parts = [
            #"<line x1="\#(fmt(left))" y1="\#(fmt(bottom))" x2="\#(fmt(right))" y2="\#(fmt(bottom))" stroke="black"/>"#,
            #"<line x1="\#(fmt(left))" y1="\#(fmt(top))" x2="\#(fmt(left))" y2="\#(fmt(bottom))" stroke="black"/>"#,
            #"<text x="\#(fmt((left + right) / 2))" y="\#(fmt(height - 15))" text-anchor="middle">\#(MarkupText.escape(xLabel))</text>"#,
            #"<text x="15" y="\#(fmt((top + bottom) / 2))" text-anchor="middle" transform="rotate(-90 15 \#(fmt((top + bottom) / 2)))">\#(MarkupText.escape(yLabel))</text>"#,
        ]
        for tick in xTicks(b.minX, b.maxX) {
            let px = position(x: tick, y: 0).x
            parts.append(#"<line x1="\#(fmt(px))" y1="\#(fmt(bottom))" x2="\#(fmt(px))" y2="\#(fmt(bottom + 5))" stroke="black"/>"#)
            parts.append(#"<text x="\#(fmt(px))" y="\#(fmt(bottom + 18))" text-anchor="middle">\#(Self.label(tick))</text>"#)
        }
        for tick in Self.niceTicks(b.minY, b.maxY) {
            let py = position(x: logX ? pow(10, b.minX) : b.minX, y: tick).y
            parts.append(#"<line x1="\#(fmt(left - 5))" y1="\#(fmt(py))" x2="\#(fmt(right))" y2="\#(fmt(py))" stroke="lightgray"/>"#)
            parts.append(#"<text x="\#(fmt(left - 8))" y="\#(fmt(py + 4))" text-anchor="end">\#(Self.label(tick))</text>"#)
        }
        return parts
    }

    /// Tick values in data units (not log units).
    private func xTicks(_ minX: Double, _ maxX: Double) -> [Double] {
        guard logX else { return Self.niceTicks(minX, maxX) }
        let low = Int(minX.rounded(.up)), high = Int(maxX.rounded(.down))
        guard low <= high else { return [pow(10, minX), pow(10, maxX)] }
        return (low...high).map { pow(10, Double($0)) }
    }

    private func draw(_ line: ChartSeries, colour: String) -> [String] {
        guard !line.points.isEmpty else { return [] }
        let coordinates = line.points.map { position(x: $0.x, y: $0.y) }
        let path = coordinates.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
        let dash = line.dashed ? #" stroke-dasharray="6 4""# : ""
        var parts = [#"<polyline fill="none" stroke="\#(colour)" stroke-width="2"\#(dash) points="\#(path)"/>"#]
        if line.markers {
            parts += coordinates.map { #"<circle cx="\#(fmt($0.x))" cy="\#(fmt($0.y))" r="3" fill="\#(colour)"/>"# }
        }
        return parts
    }

    private func legend() -> [String] {
        var parts = [String]()
        for (index, line) in series.enumerated() {
            let y = margin.top + 8 + Double(index) * 16
            let x = margin.left + 12
            let colour = Self.palette[index % Self.palette.count]
            let dash = line.dashed ? #" stroke-dasharray="6 4""# : ""
            parts.append(#"<line x1="\#(fmt(x))" y1="\#(fmt(y))" x2="\#(fmt(x + 24))" y2="\#(fmt(y))" stroke="\#(colour)" stroke-width="2"\#(dash)/>"#)
            parts.append(#"<text x="\#(fmt(x + 30))" y="\#(fmt(y + 4))">\#(MarkupText.escape(line.name))</text>"#)
        }
        return parts
    }

    /// About five round-numbered ticks covering [low, high].
    static func niceTicks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let rough = span / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var ticks = [Double]()
        var value = (low / step).rounded(.up) * step
        while value <= high + step * 1e-9 && ticks.count < 20 {
            ticks.append(value)
            value += step
        }
        return ticks
    }

    static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.3g", value)
    }

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
