#include "app/cli/commands/PriceCommand.h"

#include "app/cli/Context.h"
#include "backend/core/Workspace.h"
#include "backend/cost/Money.h"
#include "backend/cost/PriceCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

namespace {

Core::Result<Cost::PriceCatalog> catalogFor(Context& context)
{
    auto ws = context.workspace();
    if (!ws)
        return ws.error();
    return Cost::PriceCatalog::load(ws.value()->filePath(Cost::PriceCatalog::overridesFileName()));
}

QString origin(const Cost::PriceCatalog& catalog, const Cost::PriceSheet& sheet)
{
    if (catalog.isOverridden(sheet.id))
        return catalog.isDefault(sheet.id) ? QStringLiteral("edited") : QStringLiteral("workspace");
    return sheet.example ? QStringLiteral("example") : QStringLiteral("default");
}

QString perGB(const Cost::PriceFigure& f)
{
    return Cost::Money::toDecimal(f.micros);
}

QString absolute(const QString& path)
{
    return QDir::isRelativePath(path) ? QDir::current().absoluteFilePath(path) : path;
}

} // namespace

QString PriceCommand::summary() const
{
    return QCoreApplication::translate("Cli",
                                       "list, show, import, export or reset the price sheets used for cost estimates");
}

int PriceCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli",
        "Usage: crossvault-cli price list | show ID | import FILE | export FILE [--id ID]… | reset ID\n"
        "Prices are per GB (10^9 bytes) in each sheet's currency; storage per GB-month or GB-hour "
        "(730 hours a month). Workspace edits live in <workspace>/prices.json.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("list"))
        return list(context, rest);
    if (sub == QLatin1String("show"))
        return show(context, rest);
    if (sub == QLatin1String("import"))
        return importFile(context, rest);
    if (sub == QLatin1String("export"))
        return exportFile(context, rest);
    if (sub == QLatin1String("reset"))
        return reset(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "price: unknown sub-command '%1'.\n").arg(sub) + usageText);
}

int PriceCommand::list(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli", "Lists the price sheets: the shipped defaults with the workspace's edits."));
    if (auto code = context.parse(parser, args, QStringLiteral("price list")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "price list: unexpected argument '%1'.")
                                 .arg(parser.positionalArguments().first()));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    if (context.json()) {
        QJsonArray array;
        for (const Cost::PriceSheet& s : catalog->sheets()) {
            QJsonObject o = s.toJson();
            o.insert(QStringLiteral("origin"), origin(catalog.value(), s));
            array.append(o);
        }
        context.printJson(array);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg(QCoreApplication::translate("Cli", "ID"), -24)
               .arg(QCoreApplication::translate("Cli", "CONTINENT"), -14)
               .arg(QCoreApplication::translate("Cli", "CUR"), -4)
               .arg(QCoreApplication::translate("Cli", "STORAGE"), -20)
               .arg(QCoreApplication::translate("Cli", "SAME-CONT"), -10)
               .arg(QCoreApplication::translate("Cli", "OTHER-CONT"), -11)
               .arg(QCoreApplication::translate("Cli", "EGRESS"), -8)
               .arg(QCoreApplication::translate("Cli", "ORIGIN"));
    for (const Cost::PriceSheet& s : catalog->sheets())
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(s.id, -24)
                   .arg(s.continent, -14)
                   .arg(s.currency, -4)
                   .arg(perGB(s.storage) + QLatin1Char('/') + Cost::PriceSheet::unitName(s.storageUnit), -20)
                   .arg(perGB(s.transferSameContinent), -10)
                   .arg(perGB(s.transferOtherContinent), -11)
                   .arg(perGB(s.egress), -8)
                   .arg(origin(catalog.value(), s));
    return ExitOk;
}

int PriceCommand::show(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli", "Shows one price sheet with the source and date of every figure."));
    parser.addPositionalArgument(QStringLiteral("ID"),
                                 QCoreApplication::translate("Cli", "Sheet id, e.g. gcp/us-west1."));
    if (auto code = context.parse(parser, args, QStringLiteral("price show")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "price show: give exactly one sheet ID."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    const QString id = parser.positionalArguments().first();
    const Cost::PriceSheet* s = catalog->find(id);
    if (!s)
        return context.usage(
            QCoreApplication::translate("Cli", "price show: no price sheet '%1' (see 'price list').").arg(id));
    if (context.json()) {
        QJsonObject o = s->toJson();
        o.insert(QStringLiteral("origin"), origin(catalog.value(), *s));
        context.printJson(o);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << s->id << QStringLiteral("  ") << s->name << QStringLiteral("  (") << s->continent << QStringLiteral(", ")
        << s->currency << QStringLiteral(", ") << origin(catalog.value(), *s) << QStringLiteral(")\n");
    auto line = [&](const QString& label, const Cost::PriceFigure& f, const QString& unit) {
        out << QStringLiteral("  %1 %2 %3\n").arg(label, -26).arg(perGB(f), 10).arg(unit);
        if (!f.source.isEmpty() || !f.date.isEmpty())
            out << QStringLiteral("      ") << f.source << QStringLiteral(" (") << f.date << QStringLiteral(")\n");
    };
    line(QCoreApplication::translate("Cli", "storage"), s->storage,
         QCoreApplication::translate("Cli", "per %1").arg(Cost::PriceSheet::unitName(s->storageUnit)));
    line(QCoreApplication::translate("Cli", "transfer, same continent"), s->transferSameContinent,
         QCoreApplication::translate("Cli", "per GB"));
    line(QCoreApplication::translate("Cli", "transfer, other continent"), s->transferOtherContinent,
         QCoreApplication::translate("Cli", "per GB"));
    for (const Cost::DestinationPrice& d : s->transferDestinations)
        line(QCoreApplication::translate("Cli", "transfer to %1").arg(d.to), d.price,
             QCoreApplication::translate("Cli", "per GB"));
    line(QCoreApplication::translate("Cli", "egress (other providers)"), s->egress,
         QCoreApplication::translate("Cli", "per GB"));
    line(QCoreApplication::translate("Cli", "restore"), s->restore, QCoreApplication::translate("Cli", "per GB"));
    if (!s->note.isEmpty())
        out << QStringLiteral("  ") << s->note << QLatin1Char('\n');
    return ExitOk;
}

int PriceCommand::importFile(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Imports the sheets of a price file into the workspace (replacing sheets with the same id). "
        "A malformed file is refused with its line and field, and nothing changes."));
    parser.addPositionalArgument(
        QStringLiteral("FILE"), QCoreApplication::translate("Cli", "Price file (JSON, as written by 'price export')."));
    if (auto code = context.parse(parser, args, QStringLiteral("price import")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "price import: give exactly one FILE."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    const QString path = absolute(parser.positionalArguments().first());
    auto imported = catalog->importFile(path);
    if (!imported) {
        // A missing file is a usage error too: the argument names it.
        if (imported.error().code() == Core::ErrorCode::NotFound)
            return context.usage(imported.error().message());
        return context.fail(imported.error());
    }
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("imported"), imported.value()}, {QStringLiteral("file"), path}});
    else
        context.out() << QCoreApplication::translate("Cli", "Imported %n price sheet(s) from %1.", nullptr,
                                                     imported.value())
                             .arg(path)
                      << Qt::endl;
    return ExitOk;
}

int PriceCommand::exportFile(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli", "Writes the price sheets (all, or those named with --id) to a JSON file."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QCoreApplication::translate("Cli", "File to write."));
    const QCommandLineOption id(QStringLiteral("id"),
                                QCoreApplication::translate("Cli", "Only this sheet (repeatable)."),
                                QStringLiteral("ID"));
    parser.addOption(id);
    if (auto code = context.parse(parser, args, QStringLiteral("price export")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "price export: give exactly one FILE."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    const QString path = absolute(parser.positionalArguments().first());
    Core::Status status = catalog->exportFile(path, parser.values(id));
    if (!status) {
        if (status.error().code() == Core::ErrorCode::NotFound)
            return context.usage(QStringLiteral("--id: ") + status.error().message());
        return context.fail(status.error());
    }
    const int count = parser.values(id).isEmpty() ? int(catalog->sheets().size()) : int(parser.values(id).size());
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("exported"), count}, {QStringLiteral("file"), path}});
    else
        context.out()
            << QCoreApplication::translate("Cli", "Exported %n price sheet(s) to %1.", nullptr, count).arg(path)
            << Qt::endl;
    return ExitOk;
}

int PriceCommand::reset(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Drops the workspace's edit of a sheet: a default sheet returns to the shipped figures, "
        "an imported sheet disappears."));
    parser.addPositionalArgument(QStringLiteral("ID"), QCoreApplication::translate("Cli", "Sheet id."));
    if (auto code = context.parse(parser, args, QStringLiteral("price reset")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "price reset: give exactly one sheet ID."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    Core::Status status = catalog->removeOverride(parser.positionalArguments().first());
    if (!status)
        return status.error().code() == Core::ErrorCode::NotFound ? context.usage(status.error().message())
                                                                  : context.fail(status.error());
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("reset"), parser.positionalArguments().first()}});
    else
        context.out() << QCoreApplication::translate("Cli", "Reset %1.").arg(parser.positionalArguments().first())
                      << Qt::endl;
    return ExitOk;
}

} // namespace Cli
