import Foundation

/// zbarimg (Debian's zbar-tools) reading QR codes from an image file.
public enum QRScanner {
    /// The text of every QR code zbarimg finds in the image at `path`, one per symbol;
    /// throws when it finds none (zbarimg exits 4) or fails.
    public static func scan(_ path: String) throws -> [String] {
        let zbarimg = try ExternalTool("zbarimg", package: "zbar-tools")
        // --raw prints each symbol's text alone, followed by a newline; only QR codes are looked for.
        let result = try zbarimg.run(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path])
        guard result.status == 0 else { throw ToolFailure(message: "zbarimg found no QR code in \(path) (exit \(result.status)): \(result.standardError)") }
        var text = result.text
        if text.hasSuffix("\n") { text.removeLast() }
        return text.components(separatedBy: "\n")
    }
}

/// Debian's chromium, headless: prints a page to PDF and takes screenshots, as a clerk's
/// browser would show and print a form.
public struct HeadlessChromium {
    let tool: ExternalTool
    /// Its own profile directory, so runs never share (or wait for) a profile lock.
    let profile: TemporaryDirectory

    public init() throws {
        tool = try ExternalTool("chromium", package: "chromium")
        profile = try TemporaryDirectory()
    }

    private var common: [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--user-data-dir=\(profile.url.path)"]
    }

    /// Prints `page` (a file) as Chromium's print dialog would, without its header and footer.
    public func printToPDF(_ page: String, to pdf: String) throws {
        try check(tool.run(common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: page).absoluteString]), made: pdf)
    }

    /// A PNG of the window, `width`×`height` CSS pixels at `scale` device pixels each.
    public func screenshot(_ page: String, to png: String, width: Int, height: Int, scale: Int = 1) throws {
        try screenshot(address: URL(fileURLWithPath: page).absoluteString, to: png, width: width, height: height, scale: scale)
    }

    /// A screenshot of `address` (a page file's path or an http URL).
    public func screenshot(address: String, to png: String, width: Int, height: Int, scale: Int = 1) throws {
        let arguments = common + ["--window-size=\(width),\(height)", "--force-device-scale-factor=\(scale)", "--screenshot=\(png)", address]
        try check(tool.run(arguments), made: png)
    }

    /// The document as Chromium holds it once loaded in a window `width`×`height` CSS pixels
    /// wide (scripts of the page, a test's own included, have run).
    public func dumpDOM(_ address: String, width: Int, height: Int) throws -> String {
        let result = try tool.run(common + ["--window-size=\(width),\(height)", "--dump-dom", address])
        guard result.status == 0 else { throw ToolFailure(message: "chromium --dump-dom exited \(result.status): \(result.standardError.suffix(2_000))") }
        return result.text
    }

    private func check(_ result: ExternalTool.Result, made file: String) throws {
        guard result.status == 0, FileManager.default.fileExists(atPath: file) else {
            throw ToolFailure(message: "chromium exited \(result.status) without writing \(file): \(result.standardError.suffix(2_000))")
        }
    }

    /// The pages of a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree).
    public static func pageCount(ofPDF data: Data) -> Int {
        let bytes = [UInt8](data)
        var count = 0
        for marker in ["/Type /Page", "/Type/Page"].map({ Array($0.utf8) }) {
            var index = 0
            while index + marker.count <= bytes.count {
                if bytes[index..<index + marker.count].elementsEqual(marker) {
                    let next = index + marker.count < bytes.count ? bytes[index + marker.count] : 0
                    if next != UInt8(ascii: "s") { count += 1 }
                    index += marker.count
                } else {
                    index += 1
                }
            }
        }
        return count
    }
}

public struct ToolFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
