// The entries of each section (sources, people, measures, events) and the quotes they rest on,
// each decoded, checked and turned into the model's values.

/// A quote selector as written, before it is found in its source.
struct QuoteFields {
    var source: String?
    var sourceOffset = 0
    var text: String?
    var textOffset = 0
    var prefix: String?
    var suffix: String?
}

extension TimelineDecoder {
    // MARK: Sources

    mutating func decodeSource() throws -> Source? {
        guard var object = try beginObject(SourceField.self) else { return nil }
        var id: String?, outlet: String?, title: String?, author: String?, kind: SourceKind?, published: Publication?
        var file: String?, note: String?
        var fileOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.source)
            case .outlet: outlet = try string()
            case .title: title = try string()
            case .author: author = try string(nullable: true)
            case .kind: kind = try enumeration("kind")
            case .published: published = try decodePublication()
            case .note: note = try string(nullable: true)
            case .file:
                fileOffset = reader.position
                file = try string()
                if let path = file, path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                    report(fileOffset, "source file path \"\(TerminalText.sanitize(path))\" must be relative to the timeline's folder and stay inside it (no leading / and no ..)")
                    file = nil
                }
            }
        }
        missing(object)
        guard let file else { return nil }
        let text: String
        switch strategy.textOnReading(file, from: files) {
        case .success(let read): text = read
        case .failure(let problem):
            if let diagnostic = problem.elsewhere {
                problems.append(Problem(offset: fileOffset, message: "", elsewhere: diagnostic))
            } else {
                report(fileOffset, problem.message)
            }
            return nil
        }
        guard let id, let outlet, let title, let kind, let published, isFirstUse(of: id, .source, at: object.offset) else { return nil }
        if sink == nil { entries.sourceTexts[id] = SourceText(id: id, file: files.displayPath(file), text: text, publication: published.date) }
        return Source(id: id, outlet: outlet, title: title, author: author, kind: kind, published: published, note: note, file: file, text: text)
    }

    mutating func decodePublication() throws -> Publication? {
        guard var object = try beginObject(PublicationField.self) else { return nil }
        var stated = true
        var date = DateFields()
        var time: String?, zone: String?, reason: String?
        while let field = try nextField(&object) {
            switch field {
            case .stated: stated = try bool() ?? true
            case .date, .precision: try readDateField(field == .date, into: &date)
            case .time:
                let offset = reader.position
                time = try string(nullable: true)
                if let text = time, !isClockTime(text) { report(offset, "time \"\(TerminalText.sanitize(text))\" is not a 24-hour HH:MM time") }
            case .timezone: zone = try string(nullable: true)
            case .reason: reason = try string(nullable: stated)
            }
        }
        // An inferred date must say why.
        missing(object, also: stated ? nil : .reason)
        guard let day = checkDate(date) else { return nil }
        return Publication(stated: stated, date: day, time: time, timeZone: zone, reason: reason)
    }

    func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }

    // MARK: People

    mutating func decodePerson() throws -> Person? {
        guard var object = try beginObject(PersonField.self) else { return nil }
        var id: String?, name: String?, country: String?
        var shortNames: [String] = []
        var roles: [Role] = []
        var allRolesValid = true
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.person)
            case .name: name = try string()
            case .shortNames:
                try elements { d in
                    let offset = d.reader.position
                    let kind = try d.reader.peekKind()
                    if kind == .string {
                        if let name = try d.string() { shortNames.append(name) }
                    } else {
                        d.report(offset, "expected a non-empty string, found \(kind.name)")
                        try d.reader.skipValue()
                    }
                }
            case .country: country = try string(nullable: true)
            case .roles:
                try elements(ifEmpty: "a person needs at least one role backed by a quote") { d in
                    if let role = try d.decodeRole() { roles.append(role) } else { allRolesValid = false }
                }
            }
        }
        missing(object)
        guard let id, let name, allRolesValid, !roles.isEmpty, isFirstUse(of: id, .person, at: object.offset) else { return nil }
        return Person(id: id, name: name, shortNames: shortNames, country: country, roles: roles)
    }

    mutating func decodeRole() throws -> Role? {
        guard var object = try beginObject(RoleField.self) else { return nil }
        var title: String?
        var quote: Quote?
        while let field = try nextField(&object) {
            switch field {
            case .title: title = try string()
            case .quote: quote = try decodeQuote()
            }
        }
        missing(object)
        guard let title, let quote else { return nil }
        return Role(title: title, quote: quote)
    }

    // MARK: Measures

    mutating func decodeMeasure() throws -> Measure? {
        guard var object = try beginObject(MeasureField.self) else { return nil }
        var id: String?, name: String?, kind: String?
        var covers = Coverage()
        var quotes: [Quote] = []
        var changes: [MeasureChange] = []
        var allValid = true
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.measure)
            case .name: name = try string()
            case .kind: kind = try vocabularyWord(.kind)
            case .covers: covers = try decodeCoverage() ?? covers
            case .quotes:
                try elements { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
            case .changes:
                try elements { d in
                    if let change = try d.decodeChange() { changes.append(change) } else { allValid = false }
                }
            }
        }
        missing(object)
        guard let id, let name, let kind, allValid, isFirstUse(of: id, .measure, at: object.offset) else { return nil }
        return Measure(id: id, name: name, kind: MeasureKind(rawValue: kind), covers: covers, quotes: quotes, changes: TimelineList(changes))
    }

    mutating func decodeCoverage() throws -> Coverage? {
        guard var object = try beginObject(Coverage.Aspect.self) else { return nil }
        var covers = Coverage()
        while let aspect = try nextField(&object) {
            covers[aspect] = try string(nullable: true)
        }
        return covers
    }

    mutating func decodeChange() throws -> MeasureChange? {
        guard var object = try beginObject(ChangeField.self) else { return nil }
        var event: String?, status: String?, note: String?, quote: Quote?
        while let field = try nextField(&object) {
            switch field {
            case .event:
                let offset = reader.position
                event = try string()
                // With a sink, the sink checks that the event exists.
                if let event, sink == nil { changeEvents.append((event, offset)) }
                if changeEvents.count % 4096 == 0 { reportProgress() }
            case .status: status = try vocabularyWord(.status)
            case .note: note = try string(nullable: true)
            case .quote: quote = try decodeQuote()
            }
        }
        missing(object)
        guard let event, let status, let quote else { return nil }
        return MeasureChange(event: event, status: MeasureStatus(rawValue: status), note: note, quote: quote)
    }

    // MARK: Events

    mutating func decodeEvent() throws -> Event? {
        guard var object = try beginObject(EventField.self) else { return nil }
        var id: String?, title: String?, summary: String?
        var date = DateFields()
        var derivation: (quote: Quote?, anchor: TimelineDate?, note: String?, offset: Int)?
        var background = false
        var participants: [Participant] = []
        var quotes: [Quote] = []
        var allValid = true
        var details: EventDetails?  // (nil for most events: nothing to check or keep)
        var timeOffset = 0
        var quotesOffset: Int?
        while let field = try nextField(&object) {
            switch field {
            case .time, .end, .displayDate, .group, .media:
                details = details ?? EventDetails()
                try decodeEventPresentation(field, into: &details!, timeOffset: &timeOffset)
            case .id: id = try self.id(.event)
            case .date, .precision: try readDateField(field == .date, into: &date)
            case .derivedFrom:
                let offset = reader.position
                if let fields = try decodeDerivation() {
                    derivation = (fields.quote, fields.anchor, fields.note, offset)
                } else {
                    allValid = false
                }
            case .title: title = try string()
            case .summary: summary = try string()
            case .background: background = try bool() ?? false
            case .people:
                try elements { d in
                    if let participant = try d.decodeParticipant() { participants.append(participant) } else { allValid = false }
                }
            case .quotes:
                quotesOffset = reader.position
                try elements { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
            }
        }
        missing(object)
        // Required, but settled once the file is read: a converted timeline's events may lack them.
        if !object.has(.summary) { deferRequirement(object.offset, "missing required field \"summary\" (a string)", event: id, unsourced: false) }
        if let quotesOffset {
            if quotes.isEmpty, allValid { deferRequirement(quotesOffset, "an event needs at least one quote from a source", event: id, unsourced: true) }
        } else {
            deferRequirement(object.offset, "missing required field \"quotes\" (an array)", event: id, unsourced: true)
        }
        let day = checkDate(date)
        var dateDerivation: DateDerivation?
        if let derivation {
            // Checked here, not in the derivation itself: the date may come after it in the object.
            guard let quote = derivation.quote, let anchor = derivation.anchor else { return nil }
            guard checkDerivation(quote.text, anchor: anchor, note: derivation.note, date: day, at: derivation.offset) else { return nil }
            dateDerivation = DateDerivation(quote: quote, anchor: anchor, note: derivation.note)
        }
        guard let id, let day, let title, allValid, details.map({ checkEventPresentation($0, date: day, timeOffset: timeOffset, objectOffset: object.offset) }) ?? true,
              isFirstUse(of: id, .event, at: object.offset) else { return nil }
        var event = Event(id: id, date: EventDate(date: day, derivation: dateDerivation), title: title, summary: summary ?? "",
                          background: background, participants: participants, quotes: quotes)
        if let details { event.details = details }
        return event
    }

    mutating func decodeParticipant() throws -> Participant? {
        guard var object = try beginObject(ParticipantField.self) else { return nil }
        var personID: String?, role: String?, part: String?
        var personOffset = 0, roleOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .person: personOffset = reader.position; personID = try string()
            case .role: roleOffset = reader.position; role = try string(nullable: true)
            case .part: part = try string()
            }
        }
        missing(object)
        guard let personID else { return nil }
        guard let p = personIndex[personID] else {
            if !personIDs.isDeclared(personID) {
                report(personOffset, "unknown person \"\(TerminalText.sanitize(personID))\"" + didYouMean(personID, among: personIDs.ids))
            }
            return nil
        }
        // The role's title as the person holds it: one string shared, not one per event.
        let held = role.flatMap { role in entries.people[p].roles.first { $0.title == role }?.title }
        if let role, held == nil {
            let known = entries.people[p].roles.map { "\"\($0.title)\"" }.joined(separator: ", ")
            report(roleOffset, "\(entries.people[p].name) has no role \"\(TerminalText.sanitize(role))\"; their roles are \(known)")
            return nil
        }
        guard let part else { return nil }
        return Participant(person: personID, role: held ?? entries.people[p].roles[0].title, part: part)
    }

    mutating func decodeDerivation() throws -> (quote: Quote?, anchor: TimelineDate?, note: String?)? {
        guard var object = try beginObject(DerivationField.self) else { return nil }
        var selector = QuoteFields()
        var note: String?
        var anchor: TimelineDate?
        while let field = try nextField(&object) {
            switch field {
            case .phrase: try readQuoteField(.text, into: &selector)
            case .source: try readQuoteField(.source, into: &selector)
            case .prefix: try readQuoteField(.prefix, into: &selector)
            case .suffix: try readQuoteField(.suffix, into: &selector)
            case .anchor:
                let offset = reader.position
                guard let text = try string() else { continue }
                switch TimelineDate.parse(text) {
                case .success(let d): anchor = d
                case .failure(.malformed): report(offset, "anchor \"\(TerminalText.sanitize(text))\" is not a date like 2019-07-10, 2019-W28, 2019-07 or 2019")
                case .failure(.impossible(let why)): report(offset, "impossible anchor date \"\(text)\": \(why)")
                }
            case .note: note = try string(nullable: true)
            }
        }
        missing(object)
        let quote = locateQuote(selector)
        // Without an anchor, the phrase is read against its source's publication date.
        if !object.has(.anchor), let quote { anchor = try publication(ofSource: quote.source) }
        return (quote, anchor, note)
    }

    // MARK: Quotes

    /// Decodes a quote selector and finds it in its source.
    mutating func decodeQuote() throws -> Quote? {
        guard var object = try beginObject(QuoteField.self) else { return nil }
        var selector = QuoteFields()
        while let field = try nextField(&object) {
            try readQuoteField(field, into: &selector)
        }
        missing(object)
        return locateQuote(selector)
    }

    mutating func readQuoteField(_ field: QuoteField, into selector: inout QuoteFields) throws {
        let offset = reader.position
        switch field {
        case .source: selector.sourceOffset = offset; selector.source = try string()
        case .text: selector.textOffset = offset; selector.text = try string()
        case .prefix: selector.prefix = try string(nullable: true)
        case .suffix: selector.suffix = try string(nullable: true)
        }
    }

    /// The quote the selector describes, once its source is known to exist; found in the source
    /// now when the strategy says so (reporting where it is not), or later.
    mutating func locateQuote(_ selector: QuoteFields) -> Quote? {
        guard let sourceID = selector.source, let text = selector.text else { return nil }
        var quote = Quote(source: sourceID, text: text, prefix: selector.prefix, suffix: selector.suffix, start: 0, end: 0)
        guard let source = entries.sourceTexts[sourceID] else {
            // A streamed load keeps no sources: the sink finds each quote's source, or says it cannot.
            if isLeftToSink(.source) { return quote }
            if sourceIDs.isDeclared(sourceID) { return nil }
            let known = entries.sourceTexts.keys.sorted()
            let shown = known.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ") + (known.count > 12 ? " and \(known.count - 12) more" : "")
            report(selector.sourceOffset, "unknown source \"\(TerminalText.sanitize(sourceID))\"" + didYouMean(sourceID, among: known)
                   + (known.isEmpty ? "" : "; known sources are \(shown)"))
            return nil
        }
        switch strategy.locationOnReading(of: quote, in: source) {
        case nil:
            return quote
        case .found(let start, let end):
            (quote.start, quote.end) = (start, end)
            return quote
        case .absent:
            reportNotVerbatim(text, in: source, at: selector.textOffset)
        case .neverInContext:
            reportOccurrences(of: quote, in: source, at: selector.textOffset, count: nil)
        case .ambiguous(let count):
            reportOccurrences(of: quote, in: source, at: selector.textOffset, count: count)
        }
        return nil
    }
}
