#include "app/cli/commands/CostCommand.h"

#include "app/cli/Context.h"
#include "backend/core/Units.h"
#include "backend/core/Workspace.h"
#include "backend/cost/CostEngine.h"
#include "backend/cost/Money.h"
#include "backend/cost/UsageCollector.h"
#include "backend/regions/RegionService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

namespace Cli {

namespace {

QString money(qint64 micros)
{
    return Cost::Money::toDecimal(micros);
}

// Engine messages start with the field, which is the flag's name without dashes.
Core::Error asFlagError(const Core::Error& error)
{
    if (error.code() != Core::ErrorCode::InvalidInput)
        return error;
    return Core::Error(error.code(), QStringLiteral("--") + error.message());
}

Core::Result<Cost::CostEngine> engineFor(Context& context)
{
    auto ws = context.workspace();
    if (!ws)
        return ws.error();
    return Cost::CostEngine::forWorkspace(*ws.value());
}

// "1.5" or "1.5%" (percent) -> parts per million.
std::optional<qint64> parsePercentPpm(QString text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,3})(?:\\.([0-9]{1,4}))?%?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong() * 10'000 + m.captured(2).leftJustified(4, QLatin1Char('0')).toLongLong();
}

// "2.5" or "2.5:1" -> thousandths.
std::optional<qint64> parseRatioMilli(QString text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,7})(?:\\.([0-9]{1,3}))?(?::1)?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong() * 1000 + m.captured(2).leftJustified(3, QLatin1Char('0')).toLongLong();
}

// A workspace region name stands for the price sheet it links to; sheet ids pass through.
Core::Result<QString> sheetFor(Context& context, const QString& flag, const QString& value)
{
    if (value.contains(QLatin1Char('/')))
        return value;
    auto ws = context.workspace();
    if (!ws)
        return ws.error();
    const Regions::RegionService regions(*ws.value());
    const auto region = regions.find(value);
    if (!region)
        return value; // unknown either way: the engine names it
    if (region->priceSheet.isEmpty())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Cli",
                                        "%1: region '%2' has no price sheet (a local folder costs "
                                        "nothing to price); link one with 'region add … --price-sheet ID' "
                                        "or name a sheet such as gcp/us-west1.")
                .arg(flag, value));
    return region->priceSheet;
}

std::optional<int> parseCount(const QString& text)
{
    bool ok = false;
    const int v = text.trimmed().toInt(&ok);
    return ok ? std::optional<int>(v) : std::nullopt;
}

// Decimal units, as prices count them ("20.00 GB").
QString gb(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 2, QLocale::DataSizeSIFormat);
}

QString pad(const QString& text, int width)
{
    return width < 0 ? text.leftJustified(-width) : text.rightJustified(width);
}

} // namespace

QString CostCommand::summary() const
{
    return QCoreApplication::translate(
        "Cli", "estimate what backups and copies cost; price a copy; month-to-date actual costs");
}

int CostCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli",
        "Usage: crossvault-cli cost estimate --size SIZE --from SHEET --to SHEET[:DAYS][,…] [options]\n"
        "       crossvault-cli cost copy --size SIZE --from SHEET --to SHEET\n"
        "       crossvault-cli cost actual [--vault V]\n"
        "Run 'crossvault-cli cost SUBCOMMAND --help' for details. Price sheets: 'crossvault-cli price list'.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("estimate"))
        return estimate(context, rest);
    if (sub == QLatin1String("copy"))
        return copy(context, rest);
    if (sub == QLatin1String("actual"))
        return actual(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "cost: unknown sub-command '%1'.\n").arg(sub) + usageText);
}

int CostCommand::estimate(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Estimates the cost of keeping backups of a source in copy regions (and, with --include-source, in the "
        "source region): stored bytes per region once retention has filled, storage and transfer over --months, "
        "and a month-by-month projection (at least 12 months) that shows the ramp-up while retention fills.\n"
        "Regions are price sheet ids (see 'price list'). 1 GB = 10^9 bytes; a month is 730 hours.\n"
        "Money is printed as exact decimal strings in the sheets' currency (\"2.80\"); with --json: "
        "{\"currency\",\"storage\",\"transfer\",\"total\",\"months\",\"regions\":[{\"region\",\"storage\",\"transfer\","
        "\"total\","
        "\"steadyStoredBytes\",\"projection\":[…]}],\"notes\"}."));
    const QCommandLineOption size(
        QStringLiteral("size"), QCoreApplication::translate("Cli", "Source size, e.g. 20GB, 1.5TiB (GB = 10^9 bytes)."),
        QStringLiteral("SIZE"));
    const QCommandLineOption from(
        QStringLiteral("from"),
        QCoreApplication::translate(
            "Cli", "Price sheet of the source region, e.g. gcp/us-west1, or a workspace region linked to one."),
        QStringLiteral("SHEET"));
    const QCommandLineOption to(
        QStringLiteral("to"),
        QCoreApplication::translate("Cli",
                                    "Copy regions, comma-separated, each optionally with its own retention: "
                                    "gcp/us-east4,gcp/europe-west3:90."),
        QStringLiteral("SHEET[:DAYS],…"));
    const QCommandLineOption months(
        QStringLiteral("months"),
        QCoreApplication::translate("Cli", "Months summed into the totals (1-120, default 1)."), QStringLiteral("N"));
    const QCommandLineOption retention(
        QStringLiteral("retention-days"),
        QCoreApplication::translate("Cli", "Retention of the source and of copies without their own (default 30)."),
        QStringLiteral("N"));
    const QCommandLineOption changeRate(
        QStringLiteral("change-rate"),
        QCoreApplication::translate("Cli", "New unique data per day, percent of the source (default 0), e.g. 1.5%."),
        QStringLiteral("PCT"));
    const QCommandLineOption ratio(
        QStringLiteral("ratio"),
        QCoreApplication::translate("Cli", "Dedup and compression ratio, logical:stored (default 1), e.g. 2.5."),
        QStringLiteral("R"));
    const QCommandLineOption interval(QStringLiteral("interval-hours"),
                                      QCoreApplication::translate("Cli", "Hours between backups (default 24)."),
                                      QStringLiteral("H"));
    const QCommandLineOption includeSource(
        QStringLiteral("include-source"),
        QCoreApplication::translate("Cli", "Also price the source region's own storage."));
    parser.addOptions({size, from, to, months, retention, changeRate, ratio, interval, includeSource});
    if (auto code = context.parse(parser, args, QStringLiteral("cost estimate")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "cost estimate: unexpected argument '%1'.")
                                 .arg(parser.positionalArguments().first()));

    Cost::EstimateInput in;
    if (!parser.isSet(size))
        return context.usage(
            QCoreApplication::translate("Cli", "cost estimate: --size is required (e.g. --size 20GB)."));
    auto bytes = Core::parseSize(parser.value(size));
    if (!bytes)
        return context.usage(QStringLiteral("--size: ") + bytes.error().message());
    in.sourceBytes = bytes.value();
    if (!parser.isSet(from))
        return context.usage(QCoreApplication::translate(
            "Cli", "cost estimate: --from is required (a price sheet id such as gcp/us-west1)."));
    auto sourceSheet = sheetFor(context, QStringLiteral("--from"), parser.value(from).trimmed());
    if (!sourceSheet)
        return context.fail(sourceSheet.error());
    in.sourceRegion = sourceSheet.value();
    in.includeSource = parser.isSet(includeSource);
    if (parser.isSet(retention)) {
        const auto days = parseCount(parser.value(retention));
        if (!days)
            return context.usage(
                QCoreApplication::translate("Cli", "--retention-days: '%1' is not a whole number of days.")
                    .arg(parser.value(retention)));
        in.retentionDays = *days;
    }
    if (parser.isSet(months)) {
        const auto n = parseCount(parser.value(months));
        if (!n)
            return context.usage(
                QCoreApplication::translate("Cli", "--months: '%1' is not a whole number.").arg(parser.value(months)));
        in.months = *n;
    }
    if (parser.isSet(interval)) {
        const auto n = parseCount(parser.value(interval));
        if (!n)
            return context.usage(QCoreApplication::translate("Cli", "--interval-hours: '%1' is not a whole number.")
                                     .arg(parser.value(interval)));
        in.intervalHours = *n;
    }
    if (parser.isSet(changeRate)) {
        const auto ppm = parsePercentPpm(parser.value(changeRate));
        if (!ppm)
            return context.usage(
                QCoreApplication::translate("Cli", "--change-rate: '%1' is not a percentage such as 1.5%.")
                    .arg(parser.value(changeRate)));
        in.changeRatePpm = *ppm;
    }
    if (parser.isSet(ratio)) {
        const auto milli = parseRatioMilli(parser.value(ratio));
        if (!milli)
            return context.usage(
                QCoreApplication::translate("Cli", "--ratio: '%1' is not a ratio such as 2.5 or 2.5:1.")
                    .arg(parser.value(ratio)));
        in.ratioMilli = *milli;
    }
    for (const QString& value : parser.values(to)) {
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            Cost::CopyTarget target;
            auto sheet = sheetFor(context, QStringLiteral("--to"), item.section(QLatin1Char(':'), 0, 0).trimmed());
            if (!sheet)
                return context.fail(sheet.error());
            target.region = sheet.value();
            target.retentionDays = in.retentionDays;
            if (item.contains(QLatin1Char(':'))) {
                const auto days = parseCount(item.section(QLatin1Char(':'), 1));
                if (!days)
                    return context.usage(QCoreApplication::translate(
                                             "Cli", "--to: '%1' needs whole days after ':' (e.g. gcp/europe-west3:90).")
                                             .arg(item));
                target.retentionDays = *days;
            }
            in.copies.append(target);
        }
    }

    auto engine = engineFor(context);
    if (!engine)
        return context.fail(engine.error());
    auto result = engine->estimate(in);
    if (!result)
        return context.fail(asFlagError(result.error()));
    const Cost::Estimate& e = result.value();

    if (context.json()) {
        QJsonArray regions;
        for (const Cost::RegionEstimate& r : e.regions) {
            QJsonArray projection;
            for (qsizetype m = 0; m < r.projection.size(); ++m) {
                const Cost::MonthCost& mc = r.projection.at(m);
                projection.append(QJsonObject {{QStringLiteral("month"), int(m + 1)},
                                               {QStringLiteral("averageStoredBytes"), mc.averageStoredBytes},
                                               {QStringLiteral("movedBytes"), mc.movedBytes},
                                               {QStringLiteral("storage"), money(mc.storage)},
                                               {QStringLiteral("transfer"), money(mc.transfer)}});
            }
            regions.append(
                QJsonObject {{QStringLiteral("region"), r.region},
                             {QStringLiteral("role"), r.isSource ? QStringLiteral("source") : QStringLiteral("copy")},
                             {QStringLiteral("retentionDays"), r.retentionDays},
                             {QStringLiteral("points"), r.points},
                             {QStringLiteral("steadyStoredBytes"), r.steadyStoredBytes},
                             {QStringLiteral("storagePricePerGBMonth"), money(r.storagePricePerGBMonth)},
                             {QStringLiteral("transferPricePerGB"), money(r.transferPricePerGB)},
                             {QStringLiteral("transferKind"), r.transferKind},
                             {QStringLiteral("storage"), money(r.storage)},
                             {QStringLiteral("transfer"), money(r.transfer)},
                             {QStringLiteral("total"), money(r.total())},
                             {QStringLiteral("projection"), projection}});
        }
        context.printJson(QJsonObject {{QStringLiteral("currency"), e.currency},
                                       {QStringLiteral("storage"), money(e.storage)},
                                       {QStringLiteral("transfer"), money(e.transfer)},
                                       {QStringLiteral("total"), money(e.total())},
                                       {QStringLiteral("months"), e.months},
                                       {QStringLiteral("bytesPerGB"), Cost::Money::bytesPerGB},
                                       {QStringLiteral("hoursPerMonth"), Cost::Money::hoursPerMonth},
                                       {QStringLiteral("regions"), regions},
                                       {QStringLiteral("notes"), QJsonArray::fromStringList(e.notes)}});
        return ExitOk;
    }
    QTextStream& out = context.out();
    auto cur = [&](qint64 micros) { return Cost::Money::formatWithCurrency(micros, e.currency); };
    out << pad(QCoreApplication::translate("Cli", "REGION"), -22)
        << pad(QCoreApplication::translate("Cli", "STORED"), 12)
        << pad(QCoreApplication::translate("Cli", "STORAGE"), 12)
        << pad(QCoreApplication::translate("Cli", "TRANSFER"), 12)
        << pad(QCoreApplication::translate("Cli", "TOTAL"), 12) << QLatin1Char('\n');
    for (const Cost::RegionEstimate& r : e.regions)
        out << pad(r.region + (r.isSource ? QCoreApplication::translate("Cli", " (source)") : QString()), -22)
            << pad(gb(r.steadyStoredBytes), 12) << pad(cur(r.storage), 12) << pad(cur(r.transfer), 12)
            << pad(cur(r.total()), 12) << QLatin1Char('\n');
    out << pad(e.months == 1 ? QCoreApplication::translate("Cli", "TOTAL (1 month)")
                             : QCoreApplication::translate("Cli", "TOTAL (%1 months)").arg(e.months),
               -22)
        << pad(QString(), 12) << pad(cur(e.storage), 12) << pad(cur(e.transfer), 12) << pad(cur(e.total()), 12)
        << QLatin1Char('\n');
    for (const QString& note : e.notes)
        out << note << QLatin1Char('\n');
    return ExitOk;
}

int CostCommand::copy(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Prices moving SIZE once from one price sheet region to another (a copy or "
                                    "replication preview), plus a month of keeping it there."));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QCoreApplication::translate("Cli", "Bytes to move, e.g. 20GB."),
                                  QStringLiteral("SIZE"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QCoreApplication::translate("Cli", "Source price sheet, e.g. gcp/us-west1."),
                                  QStringLiteral("SHEET"));
    const QCommandLineOption to(QStringLiteral("to"), QCoreApplication::translate("Cli", "Destination price sheet."),
                                QStringLiteral("SHEET"));
    parser.addOptions({size, from, to});
    if (auto code = context.parse(parser, args, QStringLiteral("cost copy")))
        return *code;
    for (const auto* required : {&size, &from, &to})
        if (!parser.isSet(*required))
            return context.usage(
                QCoreApplication::translate("Cli", "cost copy: --%1 is required.").arg(required->names().first()));
    auto bytes = Core::parseSize(parser.value(size));
    if (!bytes)
        return context.usage(QStringLiteral("--size: ") + bytes.error().message());
    auto engine = engineFor(context);
    if (!engine)
        return context.fail(engine.error());
    auto quote = engine->priceCopy(bytes.value(), parser.value(from).trimmed(), parser.value(to).trimmed());
    if (!quote)
        return context.fail(asFlagError(quote.error()));
    if (context.json()) {
        context.printJson(QJsonObject {{QStringLiteral("from"), quote->from},
                                       {QStringLiteral("to"), quote->to},
                                       {QStringLiteral("bytes"), quote->bytes},
                                       {QStringLiteral("currency"), quote->currency},
                                       {QStringLiteral("transferKind"), quote->kind},
                                       {QStringLiteral("pricePerGB"), money(quote->pricePerGB)},
                                       {QStringLiteral("transfer"), money(quote->transfer)},
                                       {QStringLiteral("storagePerMonth"), money(quote->storagePerMonth)}});
        return ExitOk;
    }
    context.out() << QCoreApplication::translate(
                         "Cli", "Moving %1 from %2 to %3 (%4): %5 transfer, then %6 a month to keep it.")
                         .arg(gb(quote->bytes), quote->from, quote->to, quote->kind,
                              Cost::Money::formatWithCurrency(quote->transfer, quote->currency),
                              Cost::Money::formatWithCurrency(quote->storagePerMonth, quote->currency))
                  << Qt::endl;
    return ExitOk;
}

int CostCommand::actual(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Month-to-date costs: each vault's stored bytes priced with its region's sheet "
                                    "since the 1st of the month (UTC), plus the bytes copy jobs moved. Regions "
                                    "without a price sheet (local folders) cost 0."));
    const QCommandLineOption vault(QStringLiteral("vault"), QCoreApplication::translate("Cli", "Only this vault."),
                                   QStringLiteral("V"));
    parser.addOption(vault);
    if (auto code = context.parse(parser, args, QStringLiteral("cost actual")))
        return *code;
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    auto engine = engineFor(context);
    if (!engine)
        return context.fail(engine.error());
    auto input = Cost::UsageCollector::collect(*ws.value(), QDateTime::currentDateTimeUtc(), parser.value(vault));
    if (!input)
        return context.fail(input.error());
    auto result = engine->actuals(input.value());
    if (!result)
        return context.fail(result.error());
    Cost::Actuals a = result.value();
    if (a.lines.isEmpty())
        a.notes.append(QCoreApplication::translate("Cli", "No vaults in the catalog yet: nothing stored, cost 0."));
    if (context.json()) {
        QJsonArray vaults;
        for (const Cost::ActualLine& l : a.lines)
            vaults.append(QJsonObject {{QStringLiteral("vault"), l.vault},
                                       {QStringLiteral("region"), l.region},
                                       {QStringLiteral("priceSheet"), l.priceSheet},
                                       {QStringLiteral("storedBytes"), l.storedBytes},
                                       {QStringLiteral("movedBytes"), l.movedBytes},
                                       {QStringLiteral("storage"), money(l.storage)},
                                       {QStringLiteral("transfer"), money(l.transfer)},
                                       {QStringLiteral("total"), money(l.total())},
                                       {QStringLiteral("note"), l.note}});
        context.printJson(QJsonObject {{QStringLiteral("currency"), a.currency},
                                       {QStringLiteral("from"), input->monthStart.toString(Qt::ISODate)},
                                       {QStringLiteral("to"), input->now.toString(Qt::ISODate)},
                                       {QStringLiteral("hours"), a.hoursElapsed},
                                       {QStringLiteral("storage"), money(a.storage)},
                                       {QStringLiteral("transfer"), money(a.transfer)},
                                       {QStringLiteral("total"), money(a.total())},
                                       {QStringLiteral("vaults"), vaults},
                                       {QStringLiteral("notes"), QJsonArray::fromStringList(a.notes)}});
        return ExitOk;
    }
    QTextStream& out = context.out();
    auto cur = [&](qint64 micros) { return Cost::Money::formatWithCurrency(micros, a.currency); };
    out << QCoreApplication::translate("Cli", "Month to date (%1 hours since %2):")
               .arg(a.hoursElapsed)
               .arg(input->monthStart.toString(Qt::ISODate))
        << '\n';
    out << pad(QCoreApplication::translate("Cli", "VAULT"), -18)
        << pad(QCoreApplication::translate("Cli", "REGION"), -16)
        << pad(QCoreApplication::translate("Cli", "STORED"), 12)
        << pad(QCoreApplication::translate("Cli", "STORAGE"), 12)
        << pad(QCoreApplication::translate("Cli", "TRANSFER"), 12)
        << pad(QCoreApplication::translate("Cli", "TOTAL"), 12) << "  " << QCoreApplication::translate("Cli", "NOTE")
        << '\n';
    for (const Cost::ActualLine& l : a.lines)
        out << pad(l.vault, -18) << pad(l.region, -16) << pad(gb(l.storedBytes), 12) << pad(cur(l.storage), 12)
            << pad(cur(l.transfer), 12) << pad(cur(l.total()), 12) << "  " << l.note << '\n';
    out << pad(QCoreApplication::translate("Cli", "TOTAL"), -34) << pad(QString(), 12) << pad(cur(a.storage), 12)
        << pad(cur(a.transfer), 12) << pad(cur(a.total()), 12) << '\n';
    for (const QString& note : a.notes)
        out << note << '\n';
    return ExitOk;
}

} // namespace Cli
