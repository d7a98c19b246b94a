/// The symbol as a self-contained SVG element, to inline in an HTML page.
extension QRCode {
    /// An `<svg>` whose user units are modules: `quietZone` light modules around the symbol
    /// (the standard asks for 4), scaled by the page to `sideMillimetres`. Dark modules are
    /// drawn as one path of horizontal runs; `shape-rendering: crispEdges` keeps their edges sharp.
    public func svg(sideMillimetres: Int, quietZone: Int = 4) -> String {
        let side = size + 2 * quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                let start = x
                while x < size && self[x, y] { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(sideMillimetres)mm" \
            height="\(sideMillimetres)mm" shape-rendering="crispEdges" role="img"><rect width="\(side)" \
            height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>
            """
    }
}
