// Reading one value of the file as the format wants it (an object of known fields, an array,
// a string of bounded length, a boolean, one of a set of words, a date), reporting anything
// else and stepping over it.

/// The `date` and `precision` fields of an object, checked against each other once both are read.
struct DateFields {
    var text: String?
    var textOffset = 0
    var precision: DatePrecision?
    var precisionOffset = 0
}

/// A field is a title, a name or a passage: a megabyte-long one is an attack on every screen
/// that lays it out, not data (source texts live in their own files).
let maximumFieldBytes = 100_000

extension TimelineDecoder {
    /// Starts on the object at the reader; anything else is reported and stepped over.
    mutating func beginObject<Field: ObjectField>(_: Field.Type) throws -> ObjectCursor<Field>? {
        let kind = try reader.peekKind()
        let offset = reader.position
        guard kind == .object else {
            report(offset, "expected an object, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        try reader.enterObject()
        return ObjectCursor(offset: offset)
    }

    /// The object's next known field, with the reader at its value; unknown fields are
    /// reported (a misspelt optional field must not be silently ignored) and skipped.
    mutating func nextField<Field>(_ object: inout ObjectCursor<Field>) throws -> Field? {
        while let (key, offset) = try reader.nextKey(first: object.first) {
            object.first = false
            if let index = object.schema.names.firstIndex(of: key) {
                guard object.seen & (1 << index) == 0 else { throw reader.error("duplicate field \"\(key)\"", at: offset) }
                object.seen |= 1 << index
                return object.schema.fields[index]
            }
            guard !object.unknown.contains(key) else { throw reader.error("duplicate field \"\(key)\"", at: offset) }
            object.unknown.append(key)
            let hint = object.schema.suggestion(for: key).map { " (did you mean \"\($0)\"?)" } ?? ""
            report(offset, "unknown field \"\(TerminalText.sanitize(key))\"\(hint); allowed fields are \(object.schema.names.joined(separator: ", "))")
            try reader.skipValue()
        }
        return nil
    }

    /// Reports each required field the object lacks (and `also`, when given).
    mutating func missing<Field>(_ object: ObjectCursor<Field>, also: Field? = nil) {
        let schema = object.schema
        let required = schema.required | (also.map(schema.bit) ?? 0)
        guard object.seen & required != required else { return }
        for index in schema.fields.indices where required & (1 << index) != 0 && object.seen & (1 << index) == 0 {
            report(object.offset, "missing required field \"\(schema.names[index])\" (\(schema.kinds[index]))")
        }
    }

    /// Reads each element of the array at the reader; anything else is reported and stepped
    /// over, and so is an empty array when `ifEmpty` says why it must not be.
    mutating func elements(ifEmpty: String? = nil, _ body: (inout TimelineDecoder) throws -> Void) throws {
        let kind = try reader.peekKind()
        let offset = reader.position
        guard kind == .array else {
            report(offset, "expected an array, found \(kind.name)")
            try reader.skipValue()
            return
        }
        try reader.enterArray()
        var count = 0
        while try reader.nextElement(first: count == 0) {
            count += 1
            try body(&self)
            givePagesBack()
        }
        if count == 0, let ifEmpty { report(offset, ifEmpty) }
    }

    /// Reads the string at the reader; `nullable` lets an optional field be null.
    mutating func string(nullable: Bool = false) throws -> String? {
        let offset = reader.position
        let kind = try reader.peekKind()
        if kind == .null && nullable {
            try reader.readNull()
            return nil
        }
        guard kind == .string else {
            report(offset, "expected a string, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        let text = try reader.readString()
        if text.utf8.count > maximumFieldBytes {
            report(offset, "the text is \(text.utf8.count) bytes long; a field may hold at most \(maximumFieldBytes)")
            return nil
        }
        // Most text starts with a printable ASCII character, which settles it without Unicode tables.
        if !(text.utf8.first.map { $0 > 0x20 && $0 < 0x7F } ?? false), text.allSatisfy(\.isWhitespace) {
            report(offset, "must not be empty")
            return nil
        }
        return text
    }

    mutating func bool() throws -> Bool? {
        let kind = try reader.peekKind()
        guard kind == .bool else {
            report(reader.position, "expected true or false, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        return try reader.readBool()
    }

    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: String) throws -> T? where T.RawValue == String {
        let offset = reader.position
        guard let text = try string() else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            report(offset, "\"\(TerminalText.sanitize(text))\" is not a valid \(key)\(didYouMean(text, among: T.allCases.map(\.rawValue))); expected one of \(allowed)")
            return nil
        }
        return value
    }

    mutating func readDateField(_ isDate: Bool, into date: inout DateFields) throws {
        if isDate {
            date.textOffset = reader.position
            date.text = try string()
        } else {
            date.precisionOffset = reader.position
            date.precision = try enumeration("precision")
        }
    }

    /// The `date` and `precision` fields of an object, checked against each other.
    mutating func checkDate(_ fields: DateFields) -> TimelineDate? {
        guard let text = fields.text else { return nil }
        let parsed: TimelineDate
        switch TimelineDate.parse(text) {
        case .success(let d): parsed = d
        case .failure(.malformed):
            report(fields.textOffset, "\"\(TerminalText.sanitize(text))\" is not a date; write 2019-07-09 (day), 2019-W27 (week), 2019-07 (month) or 2019 (year)")
            return nil
        case .failure(.impossible(let why)):
            report(fields.textOffset, "impossible date \"\(text)\": \(why)")
            return nil
        }
        guard let precision = fields.precision else { return nil }
        guard parsed.precision == precision else {
            report(fields.precisionOffset, "precision \"\(precision.rawValue)\" does not fit the date \"\(text)\", which is written with \(parsed.precision.rawValue) precision")
            return nil
        }
        return parsed
    }
}
