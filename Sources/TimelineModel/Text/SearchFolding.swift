/// Text as search compares it when case does not count: `String.lowercased()`, which maps
/// scalar by scalar, done here scalar by scalar too, with ASCII letters lowered in place. Most
/// text is ASCII, and `lowercased()` leaves its quick path for the whole of a field with one
/// other character in it (the dash of every measure change's text), which made lower-casing a
/// tenth of `tl index`.
public enum SearchFolding {
    /// Appends `text`, lower-cased, in UTF-8, to `bytes`.
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
    }
}
