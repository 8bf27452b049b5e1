// Which format a timeline file is in, told from its content rather than its name: a `tl`
// timeline, a TimelineJS JSON file, or a TimelineJS spreadsheet saved as CSV.

/// The formats `tl` reads.
public enum TimelineFormat: String, CaseIterable, Sendable, Codable {
    /// `tl`'s own format (docs/data-format.md).
    case tl
    /// TimelineJS3's JSON format.
    case timelinejs
    /// The TimelineJS spreadsheet template saved as CSV.
    case csv

    /// The format's name in a sentence: "a tl timeline", "a TimelineJS file", "a TimelineJS spreadsheet saved as CSV".
    public var name: String {
        switch self {
        case .tl: "a tl timeline"
        case .timelinejs: "a TimelineJS file"
        case .csv: "a TimelineJS spreadsheet saved as CSV"
        }
    }

    /// The format the bytes are in. A JSON object is TimelineJS when it has TimelineJS's fields
    /// ("events", a title slide, "eras", "scale") and none of tl's ("format", "sources",
    /// "people", "measures"); text whose first line names the columns Year and Headline is a
    /// spreadsheet; anything else is read as a tl timeline (whose reader says what is wrong).
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TimelineFormat {
        let body = hasByteOrderMark(bytes) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
        guard let first = body.firstIndex(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { return .tl }
        if body[first] == UInt8(ascii: "{") {
            return lookLikeTimelineJS(body) ? .timelinejs : .tl
        }
        if body[first] == UInt8(ascii: "[") { return .tl }
        let lineEnd = body[first...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? body.endIndex
        let firstLine = String(decoding: UnsafeBufferPointer(rebasing: body[first..<lineEnd]), as: UTF8.self)
        return TimelineJSSpreadsheet.looksLikeHeader(firstLine) ? .csv : .tl
    }

    /// Whether the top-level object's fields are TimelineJS's. A tl timeline names its format
    /// first, so most files are told apart at their first field.
    private static func lookLikeTimelineJS(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = JSONReader(bytes: bytes)
        var timelineJS = false
        do {
            reader.skipWhitespace()
            try reader.enterObject()
            var first = true
            while let (key, _) = try reader.nextKey(first: first) {
                first = false
                switch key {
                case "format", "sources", "people", "measures", "backgroundLabel", "convertedFrom": return false
                case "events", "eras", "scale": timelineJS = true
                case "title": if try reader.peekKind() == .object { timelineJS = true }
                default: break
                }
                try reader.skipValue()
            }
        } catch {
            // Broken JSON: the reader of the format it looks like so far reports where.
        }
        return timelineJS
    }
}
