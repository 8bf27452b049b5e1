import Glibc

// A pull reader for JSON. The timeline decoder asks it for the next key, string or element and
// builds the model straight from the bytes: no tree of values in between (a tree of a 900 MB
// file costs gigabytes and most of the load time). It keeps byte offsets only; line, column and
// JSON path are worked out afterwards, and only for offsets that have a problem to report
// (`JSONLocator`). Foundation's decoders report only a coding path and recurse without a limit;
// this reader stops at `maximumDepth` with an error instead of overflowing the stack.

/// Text that is not JSON: where (a byte offset) and why.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// The byte offset of the problem.
    public var offset: Int
    /// What is wrong there.
    public var message: String
}

/// The kinds of JSON value, named as a user would say them in an error message.
enum JSONKind {
    case null, bool, number, string, array, object

    var name: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Checking that bytes are JSON, with the limits the loader applies.
public enum JSONParser {
    /// Values nested deeper than this are rejected rather than recursed into.
    public static let maximumDepth = 256

    /// Checks that `bytes` hold exactly one well-formed JSON value; the first error found, if any.
    public static func validate(_ bytes: [UInt8]) -> JSONSyntaxError? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            do {
                try reader.start()
                try reader.skipValue()
                try reader.finish()
                return nil
            } catch let error as JSONSyntaxError {
                return error
            } catch {
                return JSONSyntaxError(offset: reader.position, message: "\(error)")
            }
        }
    }
}

struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    private var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Before the document's value: rejects a byte-order mark and an empty file.
    mutating func start() throws {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONSyntaxError(offset: 0, message: "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without one")
        }
        skipWhitespace()
        if position >= bytes.count { throw JSONSyntaxError(offset: 0, message: "the file is empty; expected a JSON object") }
    }

    /// After the document's value: nothing but whitespace may follow.
    mutating func finish() throws {
        skipWhitespace()
        if position < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the JSON value") }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of file" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? position, message: message)
    }

    /// The kind of the value that starts at the current position (after whitespace).
    mutating func peekKind() throws -> JSONKind {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of file; the JSON is truncated") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    // MARK: Containers

    /// Consumes the `{` or `[` at the current position.
    private mutating func enter() throws {
        guard depth < JSONParser.maximumDepth else { throw error("values are nested more than \(JSONParser.maximumDepth) levels deep") }
        depth += 1
        position += 1
    }

    /// Consumes the `{` of the object at the current position (`peekKind()` said it is one).
    mutating func enterObject() throws { try enter() }

    /// Consumes the `[` of the array at the current position (`peekKind()` said it is one).
    mutating func enterArray() throws { try enter() }

    /// The next field name of the object being read, and its offset, leaving the reader at its
    /// value; nil (with the `}` consumed) when the object ends. `first` is true right after `{`.
    mutating func nextKey(first: Bool) throws -> (key: String, offset: Int)? {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of file inside an object; the JSON is truncated") }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return nil
        }
        if !first {
            guard bytes[position] == UInt8(ascii: ",") else { throw error("unexpected \(describeCurrent()); expected ',' or '}'") }
            let comma = position
            position += 1
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file inside an object; the JSON is truncated") }
            if bytes[position] == UInt8(ascii: "}") { throw trailingComma(at: comma, before: "}") }
        }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw error("unexpected \(describeCurrent()); expected a field name in double quotes")
        }
        let offset = position
        let key = try readString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw error("unexpected \(describeCurrent()); expected ':' after the field name")
        }
        position += 1
        skipWhitespace()
        return (key, offset)
    }

    /// Whether the array being read has another element, leaving the reader at it; false (with
    /// the `]` consumed) when the array ends. `first` is true right after `[`.
    mutating func nextElement(first: Bool) throws -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of file inside an array; the JSON is truncated") }
        if bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return false
        }
        if !first {
            switch bytes[position] {
            case UInt8(ascii: ","): position += 1
            default: throw error("unexpected \(describeCurrent()); expected ',' or ']'")
            }
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { throw trailingComma(at: position - 1, before: "]") }
        }
        return true
    }

    /// A comma after the last field or element, which JavaScript allows and JSON does not.
    private func trailingComma(at comma: Int, before closer: String) -> JSONSyntaxError {
        var at = comma
        // The comma itself, not the whitespace between it and the closer.
        while at > 0, bytes[at] != UInt8(ascii: ",") { at -= 1 }
        let what = closer == "}" ? "field" : "element"
        return error("trailing comma after the last \(what): JSON allows no comma before '\(closer)'; remove it", at: at)
    }

    // MARK: Scalars

    mutating func readNull() throws { try expectLiteral("null") }

    mutating func readBool() throws -> Bool {
        if bytes[position] == UInt8(ascii: "t") { try expectLiteral("true"); return true }
        try expectLiteral("false")
        return false
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let start = position
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count, memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0 else {
            throw error("invalid literal; expected '\(literal)'", at: start)
        }
        position += count
    }

    /// Reads the string at the current position (its opening quote).
    mutating func readString() throws -> String {
        let open = position
        position += 1
        let start = position
        // Fast path: no escapes, so the bytes between the quotes are the string.
        var allBits: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                // ASCII needs no validating, and the stdlib's validating initialiser is generic
                // (looked up at run time on every call): a tenth of the load time, once.
                return allBits < 0x80 ? String(decoding: slice, as: UTF8.self) : try decodeUTF8(slice, at: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            allBits |= byte
            position += 1
        }
        guard position < bytes.count else { throw error("the file ends inside a string; the JSON is truncated", at: open) }
        var result = try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start)
        var runStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                result += try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[runStart..<position]), at: runStart)
                position += 1
                return result
            }
            if byte < 0x20 { throw controlCharacter(byte) }
            if byte == UInt8(ascii: "\\") {
                result += try decodeUTF8(UnsafeBufferPointer(rebasing: bytes[runStart..<position]), at: runStart)
                try readEscape(into: &result)
                runStart = position
                continue
            }
            position += 1
        }
        throw error("the file ends inside a string; the JSON is truncated", at: open)
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        error("control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string; write it as an escape such as \\n")
    }

    private mutating func readEscape(into result: inout String) throws {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error("unterminated string", at: escapeStart) }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): result.append("\"")
        case UInt8(ascii: "\\"): result.append("\\")
        case UInt8(ascii: "/"): result.append("/")
        case UInt8(ascii: "b"): result.unicodeScalars.append("\u{8}")
        case UInt8(ascii: "f"): result.unicodeScalars.append("\u{C}")
        case UInt8(ascii: "n"): result.unicodeScalars.append("\n")
        case UInt8(ascii: "r"): result.unicodeScalars.append("\r")
        case UInt8(ascii: "t"): result.unicodeScalars.append("\t")
        case UInt8(ascii: "u"):
            var code = try readHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(code) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
                }
                position += 2
                let low = try readHex4(escapeStart: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("high surrogate not followed by a low surrogate in a string", at: escapeStart)
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("lone low surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: escapeStart) }
            result.unicodeScalars.append(scalar)
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))' in a string", at: escapeStart)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("incomplete \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape; expected four hex digits", at: escapeStart)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private func decodeUTF8(_ slice: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> String {
        if let string = String(validating: slice, as: UTF8.self) { return string }
        throw error("invalid UTF-8 in a string", at: offset + firstInvalidUTF8Offset(slice))
    }

    /// The number at the current position as it is written ("2016", "-44"), checked as JSON
    /// (TimelineJS files give a date's parts as numbers or as strings).
    mutating func readNumberText() throws -> String {
        let start = position
        try skipNumber()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Checks the number at the current position and steps over it (the format has no numbers
    /// of its own; one is only ever a mistake to report, but it must be well-formed JSON).
    private mutating func skipNumber() throws {
        let start = position
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number", at: start) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("invalid number: leading zeros are not allowed", at: start) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number: expected a digit after '.'", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number: expected a digit in the exponent", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
    }

    // MARK: Skipping

    /// Steps over the value at the current position, checking it is well-formed JSON (duplicate
    /// field names included) without keeping anything.
    mutating func skipValue() throws {
        switch try peekKind() {
        case .object:
            try enterObject()
            var keys: [String] = []
            while let (key, offset) = try nextKey(first: keys.isEmpty) {
                if keys.contains(key) { throw error("duplicate field \"\(key)\"", at: offset) }
                keys.append(key)
                try skipValue()
            }
        case .array:
            try enterArray()
            var first = true
            while try nextElement(first: first) {
                first = false
                try skipValue()
            }
        case .string: try skipString()
        case .bool: _ = try readBool()
        case .null: try readNull()
        case .number: try skipNumber()
        }
    }

    /// Steps over a string without making it: a plain ASCII one is only scanned; anything
    /// else (an escape, a non-ASCII byte, a problem) goes the full way, to be checked.
    private mutating func skipString() throws {
        let start = position
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { position += 1; return }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 || byte < 0x20 { break }
            position += 1
        }
        position = start
        _ = try readString()
    }

}

/// Where offsets in a JSON file are: line, column and JSON path, worked out in one pass over
/// the file for all of them at once (only ever for offsets with a problem to report).
enum JSONLocator {
    struct Place {
        var line: Int
        var column: Int
        var path: String?
    }

    /// Line and column (both from 1; the column counts Unicode scalars, as editors do) of every
    /// offset, and, for offsets where a value or a field name starts, its JSON path. With
    /// `syntaxError`, the offsets are where the file stops being JSON, and each gets the path of
    /// the value being read there.
    static func places(of offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>, paths: Bool = true, syntaxError: Bool = false) -> [Int: Place] {
        let sorted = Array(Set(offsets)).sorted()
        var result: [Int: Place] = [:]
        var line = 1
        var lineStart = 0
        var scanned = 0
        for offset in sorted {
            let end = min(offset, bytes.count)
            if scanned < end {
                for i in scanned..<end where bytes[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                scanned = end
            }
            var column = 1
            for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
            result[offset] = Place(line: line, column: column)
        }
        if paths || syntaxError, let last = sorted.last {
            var walker = PathWalker(reader: JSONReader(bytes: bytes), targets: Set(sorted), last: syntaxError ? .max : last)
            // The walk ends by throwing once it is past the last offset (or at a syntax error).
            do {
                try walker.reader.start()
                try walker.walk()
            } catch is JSONSyntaxError where syntaxError {
                // Where the walk broke off: inside the value whose path it was on.
                for offset in sorted where walker.found[offset] == nil { walker.found[offset] = walker.path }
            } catch {}
            // A path nested deeper than any the format has ("$[0][0][0]…" 256 times) helps no one.
            for (offset, path) in walker.found where path.count <= 160 { result[offset]?.path = path }
        }
        return result
    }

    /// Walks the document keeping the path to the current value as components, and writes a
    /// path out only where it reaches a target offset.
    private struct PathWalker {
        enum Component { case key(String), index(Int) }
        var reader: JSONReader
        let targets: Set<Int>
        let last: Int
        var components: [Component] = []
        var found: [Int: String] = [:]

        var path: String {
            components.reduce(into: "$") { path, component in
                switch component {
                case .key(let key): path += "." + key
                case .index(let index): path += "[\(index)]"
                }
            }
        }

        struct PastTheLastTarget: Error {}

        mutating func walk() throws {
            if reader.position > last { throw PastTheLastTarget() }
            let kind = try reader.peekKind()
            if targets.contains(reader.position) { found[reader.position] = path }
            switch kind {
            case .object:
                try reader.enterObject()
                var first = true
                while let (key, offset) = try reader.nextKey(first: first) {
                    first = false
                    components.append(.key(key))
                    if targets.contains(offset) { found[offset] = path }
                    try walk()
                    components.removeLast()
                }
            case .array:
                try reader.enterArray()
                var index = 0
                while try reader.nextElement(first: index == 0) {
                    components.append(.index(index))
                    try walk()
                    components.removeLast()
                    index += 1
                }
            default:
                try reader.skipValue()
            }
        }
    }
}

/// The offset of the first byte that does not start a valid UTF-8 sequence (or `bytes.count`).
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return offset
        case .error: return offset
        }
    }
}

/// Line and column (both from 1; the column counts Unicode scalars) of a byte offset.
func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    bytes.withUnsafeBufferPointer { buffer in
        let place = JSONLocator.places(of: [offset], in: buffer, paths: false)[offset]!
        return (place.line, place.column)
    }
}
