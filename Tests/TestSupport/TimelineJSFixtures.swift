// TimelineJS files written for these tests from TimelineJS's documentation of its formats (not
// copied from any real timeline): between them they hold every looseness tl must load.

/// TimelineJS fixtures: a JSON file, a spreadsheet saved as CSV, and a cosmological file.
public enum TimelineJSFixtures {
    /// A JSON file with a title slide, eras, groups, media, spans, times, BCE years, HTML and
    /// every loose way of writing a date's parts: numbers as strings and as numbers, empty
    /// strings and nulls for missing parts. Starts with a UTF-8 byte-order mark.
    public static let json = "\u{FEFF}" + #"""
    {
      "title": {
        "media": { "url": "https://example.org/bridge.jpg", "caption": "The old bridge &amp; the ferry", "credit": "<a href='https://example.org/archive'>Town archive</a>" },
        "text": { "headline": "The Millbrook Bridge<br/> 1850&ndash;2020", "text": "<p>How a river town&#8217;s bridge was built, lost and rebuilt.</p><p>Compiled for the tests.</p>" }
      },
      "eras": [
        { "start_date": { "year": "1850" }, "end_date": { "year": "1901" }, "text": { "headline": "The ferry years" } },
        { "start_date": { "year": 1902, "month": 4 }, "end_date": { "year": "1944", "month": "12", "day": "" }, "text": { "headline": "The iron bridge" } }
      ],
      "events": [
        {
          "start_date": { "year": "-44", "month": "3", "day": "15" },
          "text": { "headline": "A Roman ford", "text": "Legend says a legion crossed here." },
          "group": "Legend"
        },
        {
          "unique_id": "ferry-licence",
          "start_date": { "year": "1850", "month": "01", "day": "", "hour": "", "minute": "", "second": "", "millisecond": "" },
          "text": { "headline": "Ferry licensed", "text": "<p>The council grants a ferry licence &amp; sets the fare at one&nbsp;penny.</p><p>See <a href=\"https://example.org/minutes\">the minutes</a> and <a href=\"https://example.org/fares\">the fare table</a>.</p>" },
          "group": "River",
          "background": { "color": "#123456", "url": "https://example.org/bg.jpg" },
          "autolink": false
        },
        {
          "start_date": { "year": 1902, "month": 4, "day": 12, "hour": 9, "minute": 30, "second": 5 },
          "end_date": { "year": 1902, "month": 4, "day": 12, "hour": 17, "minute": 0 },
          "display_date": "Opening day",
          "text": { "headline": "Bridge opens", "text": "<ul><li>Speeches</li><li>A brass band</li></ul>Then the first cart crossed.<br>It rained." },
          "media": { "url": "https://example.org/opening.jpg", "caption": "Crowds on the <i>new</i> bridge", "credit": "Photo: A.&nbsp;Smith", "thumbnail": "https://example.org/opening-small.jpg" },
          "group": "Bridge"
        },
        {
          "start_date": { "year": "1944", "month": "11", "day": null },
          "end_date": { "year": "1946" },
          "text": { "headline": "Bridge opens", "text": "" },
          "group": "Bridge"
        },
        {
          "unique_id": "flood",
          "start_date": { "year": "1944", "month": "11", "day": "3", "display_date": "the night of 3 November" },
          "text": { "headline": "The flood &#8220;takes&#8221; the bridge" },
          "media": { "url": "", "caption": "no picture" }
        },
        {
          "start_date": { "year": 2020, "month": 9, "day": 1, "hour": "14" },
          "text": { "headline": "", "text": "<ol><li>Rebuilt</li><li>Reopened</li></ol>" }
        }
      ]
    }
    """#

    /// The same kind of timeline as the spreadsheet template holds it, saved as CSV: a title
    /// row, era rows, cells with commas, doubled quotes and line breaks, times in the Time
    /// column. Starts with a byte-order mark and ends its lines with CRLF, as spreadsheets do.
    public static let csv = "\u{FEFF}" + [
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background",
        #",,,,,,,,,Harbour lights,"<p>A harbour, its lamps, and ""the keepers"", 1890&ndash;1960.</p>",https://example.org/lamp.jpg,Museum,,,title,,"#,
        #"1890,,,,1920,,,,,Gas years,,,,,,era,,"#,
        #"1890,6,1,,,,,,,"Lamps lit, at last",The first lamp is lit.,,,,,,Lamps,#112233"#,
        #"1921,2,14,7:45 PM,1921,2,14,21:00,,Power cut,"The keeper wrote:"#,
        "\"\"Dark, all of it.\"\"",
        #"We waited.",,,,,,Lamps,"#,
        ",,,,,,,,,,,,,,,,,",
        #"1960,,,,,,,,Autumn 1960,Last keeper retires,"<p>Retired &amp; honoured.</p>",https://example.org/keeper.jpg,"<a href=""https://example.org/p"">Port records</a>","The keeper, aged 70",,,,"#,
    ].joined(separator: "\r\n") + "\r\n"

    /// A cosmological timeline: years far outside the calendar (and a month that the scale ignores).
    public static let cosmological = #"""
    {
      "scale": "cosmological",
      "title": { "text": { "headline": "Deep time" } },
      "events": [
        { "start_date": { "year": -13800000000 }, "text": { "headline": "The Big Bang" } },
        { "start_date": { "year": "-4540000000", "month": "5" }, "text": { "headline": "Earth forms" } },
        { "start_date": { "year": -66000000 }, "end_date": { "year": -65999000 }, "text": { "headline": "The dinosaurs die out" } },
        { "start_date": { "year": 1969 }, "text": { "headline": "The Moon landing" } }
      ]
    }
    """#
}
