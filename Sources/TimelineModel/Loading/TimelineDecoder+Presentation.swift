// The tl format's optional fields for what TimelineJS holds (docs/data-format.md, "Converted
// timelines"): at the top level `convertedFrom`, `scale`, `media` and `eras`; on an event
// `time`, `end`, `displayDate`, `group` and `media`. Checked with the same precise messages
// as every other field. A converted timeline (one with `convertedFrom`) may have events
// without quotes or a summary; a missing quote is then a warning, not an error.

/// What the top level of a timeline file says beside its sections.
struct DecodedPresentation {
    var convertedFrom: String?
    var scale: TimelineScale = .human
    var media: Media?
    var eras: [Era] = []
    /// Requirements put off until the whole file is read, since `convertedFrom` may come after
    /// the events: an event's missing quotes (`unsourced`: a warning in a converted timeline)
    /// or missing summary (allowed in one).
    var deferred: [(offset: Int, message: String, event: String?, unsourced: Bool)] = []
}

extension TimelineDecoder {
    /// Reads one of the top-level fields this file handles.
    mutating func decodeTopPresentation(_ field: TopField) throws {
        switch field {
        case .convertedFrom: presentation.convertedFrom = try string()
        case .scale: presentation.scale = try enumeration("scale") ?? .human
        case .media: presentation.media = try decodeMedia()
        case .eras:
            try elements { d in
                if let era = try d.decodeEra() { d.presentation.eras.append(era) }
            }
        default: try reader.skipValue()
        }
    }

    /// Reads one of an event's fields this file handles into `details`; the time's offset, for
    /// checking it against the date once both are read.
    mutating func decodeEventPresentation(_ field: EventField, into details: inout EventDetails, timeOffset: inout Int) throws {
        switch field {
        case .time:
            timeOffset = reader.position
            details.time = try time()
        case .end: details.end = try decodeMoment()
        case .displayDate: details.displayDate = try string(nullable: true)
        case .group: details.group = try string(nullable: true)
        case .media: details.media = try decodeMedia()
        default: try reader.skipValue()
        }
    }

    /// Checks an event's details against its date: a time needs a day, an end must not come
    /// before the start. False (reported) when they do not fit.
    mutating func checkEventPresentation(_ details: EventDetails, date: TimelineDate, timeOffset: Int, objectOffset: Int) -> Bool {
        if details.time != nil, date.precision != .day {
            report(timeOffset, "a time of day needs a date with day precision; this date has \(date.precision.rawValue) precision")
            return false
        }
        if let end = details.end {
            let start = Moment(date, time: details.time)
            if end.date.lastDay < start.date.firstDay || (end.date == start.date && (end.time.map { t in start.time.map { t < $0 } ?? false } ?? false)) {
                report(objectOffset, "the event ends (\(end.iso)) before it starts (\(start.iso))")
                return false
            }
        }
        return true
    }

    /// An event's missing summary or quotes: put off until the file says whether it is converted.
    mutating func deferRequirement(_ offset: Int, _ message: String, event: String?, unsourced: Bool) {
        presentation.deferred.append((offset, message, event, unsourced))
    }

    /// Once the file is read: the put-off requirements become problems, or, in a converted
    /// timeline, warnings (missing quotes) or nothing (a missing summary).
    mutating func settleDeferredRequirements() {
        for item in presentation.deferred {
            if presentation.convertedFrom == nil {
                report(item.offset, item.message)
            } else if item.unsourced {
                let name = item.event.map { "event \"\(TerminalText.sanitize($0))\"" } ?? "the event"
                warn(item.offset, "\(name) has no quotes yet: it is unsourced until it rests on a passage of a source")
            }
        }
        presentation.deferred = []
    }

    /// Gives the timeline what the top level said.
    func applyPresentation(to timeline: inout Timeline) {
        timeline.convertedFrom = presentation.convertedFrom
        timeline.scale = presentation.scale
        timeline.media = presentation.media
        timeline.eras = presentation.eras
    }

    // MARK: Values

    mutating func time() throws -> TimeOfDay? {
        let offset = reader.position
        guard let text = try string(nullable: true) else { return nil }
        guard let time = TimeOfDay.parse(text) else {
            report(offset, "time \"\(TerminalText.sanitize(text))\" is not a 24-hour time: write 14, 14:30 or 14:30:05")
            return nil
        }
        return time
    }

    /// A `{ "date", "precision", "time" }` object.
    mutating func decodeMoment() throws -> Moment? {
        guard var object = try beginObject(MomentField.self) else { return nil }
        var date = DateFields()
        var time: TimeOfDay?
        var timeOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .date, .precision: try readDateField(field == .date, into: &date)
            case .time: timeOffset = reader.position; time = try self.time()
            }
        }
        missing(object)
        guard let day = checkDate(date) else { return nil }
        if time != nil, day.precision != .day {
            report(timeOffset, "a time of day needs a date with day precision; this date has \(day.precision.rawValue) precision")
            return nil
        }
        return Moment(day, time: time)
    }

    mutating func decodeMedia() throws -> Media? {
        guard var object = try beginObject(MediaField.self) else { return nil }
        var url: String?, caption: String?, credit: String?, thumbnail: String?
        while let field = try nextField(&object) {
            switch field {
            case .url: url = try string()
            case .caption: caption = try string(nullable: true)
            case .credit: credit = try string(nullable: true)
            case .thumbnail: thumbnail = try string(nullable: true)
            }
        }
        missing(object)
        return url.map { Media(url: $0, caption: caption, credit: credit, thumbnail: thumbnail) }
    }

    mutating func decodeEra() throws -> Era? {
        guard var object = try beginObject(EraField.self) else { return nil }
        var name: String?, start: Moment?, end: Moment?
        var endOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .name: name = try string()
            case .start: start = try decodeMoment()
            case .end: endOffset = reader.position; end = try decodeMoment()
            }
        }
        missing(object)
        guard let name, let start, let end else { return nil }
        if end.date.lastDay < start.date.firstDay {
            report(endOffset, "the era ends (\(end.iso)) before it starts (\(start.iso))")
            return nil
        }
        return Era(name: name, start: start, end: end)
    }
}
