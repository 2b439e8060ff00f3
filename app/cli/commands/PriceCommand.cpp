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

QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

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
    return tr("list, show, import, export or reset the price sheets used for cost estimates");
}

int PriceCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = tr("Usage: crossvault-cli price list | show ID | import FILE | export FILE [--id ID]… | reset ID\n"
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
    return context.usage(tr("price: unknown sub-command '%1'.\n").arg(sub) + usageText);
}

int PriceCommand::list(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Lists the price sheets: the shipped defaults with the workspace's edits."));
    if (auto code = context.parse(parser, args, QStringLiteral("price list")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(tr("price list: unexpected argument '%1'.").arg(parser.positionalArguments().first()));
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
               .arg(tr("ID"), -24)
               .arg(tr("CONTINENT"), -14)
               .arg(tr("CUR"), -4)
               .arg(tr("STORAGE"), -20)
               .arg(tr("SAME-CONT"), -10)
               .arg(tr("OTHER-CONT"), -11)
               .arg(tr("EGRESS"), -8)
               .arg(tr("ORIGIN"));
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
    parser.setApplicationDescription(tr("Shows one price sheet with the source and date of every figure."));
    parser.addPositionalArgument(QStringLiteral("ID"), tr("Sheet id, e.g. gcp/us-west1."));
    if (auto code = context.parse(parser, args, QStringLiteral("price show")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(tr("price show: give exactly one sheet ID."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    const QString id = parser.positionalArguments().first();
    const Cost::PriceSheet* s = catalog->find(id);
    if (!s)
        return context.usage(tr("price show: no price sheet '%1' (see 'price list').").arg(id));
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
    line(tr("storage"), s->storage, tr("per %1").arg(Cost::PriceSheet::unitName(s->storageUnit)));
    line(tr("transfer, same continent"), s->transferSameContinent, tr("per GB"));
    line(tr("transfer, other continent"), s->transferOtherContinent, tr("per GB"));
    for (const Cost::DestinationPrice& d : s->transferDestinations)
        line(tr("transfer to %1").arg(d.to), d.price, tr("per GB"));
    line(tr("egress (other providers)"), s->egress, tr("per GB"));
    line(tr("restore"), s->restore, tr("per GB"));
    if (!s->note.isEmpty())
        out << QStringLiteral("  ") << s->note << QLatin1Char('\n');
    return ExitOk;
}

int PriceCommand::importFile(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Imports the sheets of a price file into the workspace (replacing sheets with the same id). "
                                        "A malformed file is refused with its line and field, and nothing changes."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("Price file (JSON, as written by 'price export')."));
    if (auto code = context.parse(parser, args, QStringLiteral("price import")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(tr("price import: give exactly one FILE."));
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
        context.printJson(QJsonObject{{QStringLiteral("imported"), imported.value()}, {QStringLiteral("file"), path}});
    else
        context.out() << QCoreApplication::translate("Cli", "Imported %n price sheet(s) from %1.", nullptr, imported.value()).arg(path) << Qt::endl;
    return ExitOk;
}

int PriceCommand::exportFile(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Writes the price sheets (all, or those named with --id) to a JSON file."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("File to write."));
    const QCommandLineOption id(QStringLiteral("id"), tr("Only this sheet (repeatable)."), QStringLiteral("ID"));
    parser.addOption(id);
    if (auto code = context.parse(parser, args, QStringLiteral("price export")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(tr("price export: give exactly one FILE."));
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
        context.printJson(QJsonObject{{QStringLiteral("exported"), count}, {QStringLiteral("file"), path}});
    else
        context.out() << QCoreApplication::translate("Cli", "Exported %n price sheet(s) to %1.", nullptr, count).arg(path) << Qt::endl;
    return ExitOk;
}

int PriceCommand::reset(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Drops the workspace's edit of a sheet: a default sheet returns to the shipped figures, "
                                        "an imported sheet disappears."));
    parser.addPositionalArgument(QStringLiteral("ID"), tr("Sheet id."));
    if (auto code = context.parse(parser, args, QStringLiteral("price reset")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(tr("price reset: give exactly one sheet ID."));
    auto catalog = catalogFor(context);
    if (!catalog)
        return context.fail(catalog.error());
    Core::Status status = catalog->removeOverride(parser.positionalArguments().first());
    if (!status)
        return status.error().code() == Core::ErrorCode::NotFound ? context.usage(status.error().message())
                                                                  : context.fail(status.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("reset"), parser.positionalArguments().first()}});
    else
        context.out() << tr("Reset %1.").arg(parser.positionalArguments().first()) << Qt::endl;
    return ExitOk;
}

} // namespace Cli
