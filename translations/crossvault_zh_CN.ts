<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Backup::Vault</name>
    <message>
        <source>The backup was cancelled; no point was written</source>
        <translation>备份已取消；未写入任何备份点</translation>
    </message>
    <message>
        <source>point id &apos;%1&apos; is invalid: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation>备份点 ID“%1”无效：请使用字母、数字、“.”、“_”和“-”</translation>
    </message>
    <message>
        <source>Backup point &apos;%1&apos; already exists</source>
        <translation>备份点“%1”已存在</translation>
    </message>
    <message>
        <source>vanished during the backup</source>
        <translation>在备份过程中消失</translation>
    </message>
    <message>
        <source>read error: %1</source>
        <translation>读取错误：%1</translation>
    </message>
    <message>
        <source>no target folder given for the restore</source>
        <translation>未指定恢复的目标文件夹</translation>
    </message>
    <message>
        <source>Path &apos;%1&apos; is not in backup point &apos;%2&apos;</source>
        <translation>路径“%1”不在备份点“%2”中</translation>
    </message>
    <message>
        <source>Cannot create the restore folder &apos;%1&apos;</source>
        <translation>无法创建恢复文件夹“%1”</translation>
    </message>
    <message>
        <source>it holds an unsafe path &apos;%1&apos;</source>
        <translation>其中包含不安全的路径“%1”</translation>
    </message>
    <message>
        <source>&apos;%1&apos; already exists; restore with overwrite to replace it</source>
        <translation>“%1”已存在；请以覆盖方式恢复来替换它</translation>
    </message>
    <message>
        <source>Cannot create folder &apos;%1&apos;</source>
        <translation>无法创建文件夹“%1”</translation>
    </message>
    <message>
        <source>cannot create the symlink: %1</source>
        <translation>无法创建符号链接：%1</translation>
    </message>
    <message>
        <source>cannot set the mode: %1</source>
        <translation>无法设置权限模式：%1</translation>
    </message>
    <message>
        <source>cannot set the modification time: %1</source>
        <translation>无法设置修改时间：%1</translation>
    </message>
    <message>
        <source>Cannot replace &apos;%1&apos;: %2</source>
        <translation>无法替换“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>Chunk %1 of &apos;%2&apos; is missing from the vault&apos;s index (point &apos;%3&apos;)</source>
        <translation>备份库索引中缺少“%2”的数据块 %1（备份点“%3”）</translation>
    </message>
    <message>
        <source>it is shorter than the index says (truncated)</source>
        <translation>其长度短于索引记录的长度（已截断）</translation>
    </message>
    <message>
        <source>the chunk at offset %1 failed authentication</source>
        <translation>偏移量 %1 处的数据块未通过认证</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>not a valid key object</source>
        <translation>不是有效的密钥对象</translation>
    </message>
    <message>
        <source>it is not a valid index</source>
        <translation>不是有效的索引</translation>
    </message>
    <message>
        <source>missing (an index lists it)</source>
        <translation>缺失（有索引引用了它）</translation>
    </message>
    <message>
        <source>its size %1 differs from the %2 bytes the index records (truncated or modified)</source>
        <translation>其大小 %1 与索引记录的 %2 字节不符（已截断或被修改）</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s) of this point are in no index (their data is lost)</source>
        <translation>
            <numerusform>此备份点有 %n 个数据块不在任何索引中（其数据已丢失）</numerusform>
        </translation>
    </message>
    <message>
        <source>its content does not match its name (modified or truncated)</source>
        <translation>其内容与名称不符（被修改或已截断）</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s) failed authentication</source>
        <translation>
            <numerusform>%n 个数据块未通过认证</numerusform>
        </translation>
    </message>
    <message>
        <source>Prune refused: the vault is damaged (%1: %2); run check and repair first</source>
        <translation>拒绝清理：备份库已损坏（%1：%2）；请先运行校验并修复</translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; in %2 is corrupt: %3</source>
        <translation>%2 中的备份库对象“%1”已损坏：%3</translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; is missing from %2</source>
        <translation>%2 中缺少备份库对象“%1”</translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos;: </source>
        <translation>备份库对象“%1”：</translation>
    </message>
    <message>
        <source>Key file &apos;%1&apos; cannot be read: %2</source>
        <translation>无法读取密钥文件“%1”：%2</translation>
    </message>
    <message>
        <source>Key file &apos;%1&apos; is too short (at least 16 bytes are needed)</source>
        <translation>密钥文件“%1”太短（至少需要 16 字节）</translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; is corrupt: %2</source>
        <translation>备份库对象“%1”已损坏：%2</translation>
    </message>
    <message>
        <source>it is not a Crossvault vault config</source>
        <translation>不是 Crossvault 备份库配置</translation>
    </message>
    <message>
        <source>The vault at &apos;%1&apos; uses format version %2; this Crossvault reads up to version %3</source>
        <translation>位于“%1”的备份库使用格式版本 %2；此版本的 Crossvault 最高只能读取版本 %3</translation>
    </message>
    <message>
        <source>missing format version</source>
        <translation>缺少格式版本</translation>
    </message>
    <message>
        <source>unknown encryption method &apos;%1&apos;</source>
        <translation>未知的加密方式“%1”</translation>
    </message>
    <message>
        <source>invalid id, chunker or pack parameters</source>
        <translation>ID、分块器或数据包参数无效</translation>
    </message>
    <message>
        <source>There is no vault at &apos;%1&apos; in %2 (no config object)</source>
        <translation>%2 中的“%1”处没有备份库（无配置对象）</translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; in %2 is corrupt: not valid JSON (%3)</source>
        <translation>%2 中的备份库对象“%1”已损坏：不是有效的 JSON（%3）</translation>
    </message>
    <message>
        <source>Argon2id key derivation failed (out of memory?)</source>
        <translation>Argon2id 密钥派生失败（内存不足？）</translation>
    </message>
    <message>
        <source>compression level must be between 1 and 19, not %1</source>
        <translation>压缩级别必须介于 1 到 19 之间，而不是 %1</translation>
    </message>
    <message>
        <source>chunker sizes must satisfy 1 KiB &lt;= min &lt; avg &lt; max &lt;= 64 MiB with avg a power of two</source>
        <translation>分块大小必须满足 1 KiB &lt;= 最小值 &lt; 平均值 &lt; 最大值 &lt;= 64 MiB，且平均值为 2 的幂</translation>
    </message>
    <message>
        <source>pack size must be at least the maximum chunk size and at most 512 MiB</source>
        <translation>数据包大小必须不小于最大数据块大小，且不超过 512 MiB</translation>
    </message>
    <message>
        <source>a managed-key vault needs a 32-byte managed key (or none to generate one)</source>
        <translation>托管密钥备份库需要 32 字节的托管密钥（或不提供，由系统生成）</translation>
    </message>
    <message>
        <source>a customer-key vault needs a passphrase or a key file</source>
        <translation>客户密钥备份库需要口令或密钥文件</translation>
    </message>
    <message>
        <source>the passphrase must have at least 8 characters</source>
        <translation>口令至少需要 8 个字符</translation>
    </message>
    <message>
        <source>A vault already exists at &apos;%1&apos; in %2</source>
        <translation>%2 中的“%1”处已存在备份库</translation>
    </message>
    <message>
        <source>no key given to open the vault (or the recovery key is malformed)</source>
        <translation>未提供用于打开备份库的密钥（或恢复密钥格式不正确）</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a managed key: open it with its managed key or recovery key, not a passphrase or key file</source>
        <translation>备份库“%1”使用托管密钥：请使用其托管密钥或恢复密钥打开，而不是口令或密钥文件</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: open it with its passphrase or key file</source>
        <translation>备份库“%1”使用客户密钥：请使用其口令或密钥文件打开</translation>
    </message>
    <message>
        <source>unknown key derivation parameters</source>
        <translation>未知的密钥派生参数</translation>
    </message>
    <message>
        <source>key derivation failed with its parameters</source>
        <translation>使用其参数进行密钥派生失败</translation>
    </message>
    <message>
        <source>the wrapped master key failed authentication</source>
        <translation>封装的主密钥未通过认证</translation>
    </message>
    <message>
        <source>the vault has no key objects</source>
        <translation>备份库中没有密钥对象</translation>
    </message>
    <message>
        <source>The key does not open vault &apos;%1&apos; in %2 (wrong passphrase, key file or managed key)</source>
        <translation>该密钥无法打开 %2 中的备份库“%1”（口令、密钥文件或托管密钥错误）</translation>
    </message>
    <message>
        <source>it failed authentication (it was modified)</source>
        <translation>未通过认证（已被修改）</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: its passphrase or key file is the recovery key</source>
        <translation>备份库“%1”使用客户密钥：其口令或密钥文件即为恢复密钥</translation>
    </message>
    <message>
        <source>it failed authentication (modified, truncated or written with another key)</source>
        <translation>未通过认证（被修改、已截断或使用其他密钥写入）</translation>
    </message>
    <message>
        <source>not a tree object name</source>
        <translation>不是树对象名称</translation>
    </message>
    <message>
        <source>it is not a valid tree</source>
        <translation>不是有效的树对象</translation>
    </message>
    <message>
        <source>Backup point &apos;%1&apos; does not exist in this vault</source>
        <translation>此备份库中不存在备份点“%1”</translation>
    </message>
    <message>
        <source>it is not a valid point manifest</source>
        <translation>不是有效的备份点清单</translation>
    </message>
    <message>
        <source>chunk %1 of &apos;%2&apos; is not in the vault&apos;s index</source>
        <translation>“%2”的数据块 %1 不在备份库的索引中</translation>
    </message>
    <message>
        <source>Restore stopped after %1 of %2 files (each of those complete and verified; no partly written file is left): </source>
        <translation>恢复在完成 %1/%2 个文件后停止（已完成的文件均完整且已校验，不会留下写了一半的文件）：</translation>
    </message>
    <message>
        <source>The restore was cancelled after %1 of %2 files; those are complete and verified, no partly written file is left</source>
        <translation>恢复在完成 %1/%2 个文件后被取消；已完成的文件均完整且已校验，不会留下写了一半的文件</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos; in %2: </source>
        <translation>无法写入 %2 中的“%1”：</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; in %2: </source>
        <translation>无法读取 %2 中的“%1”：</translation>
    </message>
    <message>
        <source>the disk is full (or over quota); free space and retry</source>
        <translation>磁盘已满（或超出配额）；请释放空间后重试</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>A &amp;folder</source>
        <translation>文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>An &amp;SQLite database file</source>
        <translation>SQLite 数据库文件(&amp;S)</translation>
    </message>
    <message>
        <source>Back up into vault %1</source>
        <translation>备份到备份库 %1</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>One pattern per line, e.g.
*.tmp
cache/</source>
        <translation>每行一个模式，例如
*.tmp
cache/</translation>
    </message>
    <message>
        <source>Back up:</source>
        <translation>备份：</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Exclude:</source>
        <translation>排除(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>The backup runs as a job: follow it below the vault list or on the Jobs page, and cancel it there.</source>
        <translation>备份作为任务运行：可在备份库列表下方或“任务”页面查看进度，并在那里取消。</translation>
    </message>
    <message>
        <source>&amp;Back up</source>
        <translation>备份(&amp;B)</translation>
    </message>
    <message>
        <source>The database file, e.g. /srv/app/data.sqlite</source>
        <translation>数据库文件，例如 /srv/app/data.sqlite</translation>
    </message>
    <message>
        <source>The folder to back up</source>
        <translation>要备份的文件夹</translation>
    </message>
    <message>
        <source>Choose the SQLite database</source>
        <translation>选择 SQLite 数据库</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)</source>
        <translation>SQLite 数据库 (*.sqlite *.sqlite3 *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the folder to back up</source>
        <translation>选择要备份的文件夹</translation>
    </message>
    <message>
        <source>Choose the SQLite database file to back up.</source>
        <translation>请选择要备份的 SQLite 数据库文件。</translation>
    </message>
    <message>
        <source>Choose the folder to back up.</source>
        <translation>请选择要备份的文件夹。</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是文件。</translation>
    </message>
    <message>
        <source>Enter the passphrase of vault %1.</source>
        <translation>请输入备份库 %1 的口令。</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Catalog error: %1</source>
        <translation>目录库错误：%1</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是文件。</translation>
    </message>
    <message>
        <source>Cannot read the catalog %1: permission denied.</source>
        <translation>无法读取目录库 %1：权限被拒绝。</translation>
    </message>
    <message>
        <source>%1 is not a Crossvault catalog (not an SQLite database). Move it away or choose another workspace.</source>
        <translation>%1 不是 Crossvault 目录库（不是 SQLite 数据库）。请将其移走或选择其他工作区。</translation>
    </message>
    <message>
        <source>The catalog %1 is read-only. Crossvault needs to write to it; check the file&apos;s permissions.</source>
        <translation>目录库 %1 为只读。Crossvault 需要写入该文件；请检查文件权限。</translation>
    </message>
    <message>
        <source>Cannot open the catalog %1: %2</source>
        <translation>无法打开目录库 %1：%2</translation>
    </message>
    <message>
        <source>The catalog %1 is being written by another process (%2, pid %3); try again when it has finished.</source>
        <translation>目录库 %1 正被另一个进程写入（%2，pid %3）；请在其完成后重试。</translation>
    </message>
    <message>
        <source>unknown program</source>
        <translation>未知程序</translation>
    </message>
    <message>
        <source>Cannot start a catalog transaction: %1</source>
        <translation>无法启动目录库事务：%1</translation>
    </message>
    <message>
        <source>Cannot commit to the catalog: %1</source>
        <translation>无法提交到目录库：%1</translation>
    </message>
    <message>
        <source>%1 is not a Crossvault catalog or is damaged: %2</source>
        <translation>%1 不是 Crossvault 目录库或已损坏：%2</translation>
    </message>
    <message>
        <source>The catalog %1 was written by a newer Crossvault (schema %2; this version understands up to %3). Upgrade Crossvault to open it.</source>
        <translation>目录库 %1 由更新版本的 Crossvault 写入（架构版本 %2；此版本最高支持 %3）。请升级 Crossvault 后再打开。</translation>
    </message>
    <message>
        <source>%1 is an SQLite database but not a Crossvault catalog. Choose another workspace.</source>
        <translation>%1 是 SQLite 数据库，但不是 Crossvault 目录库。请选择其他工作区。</translation>
    </message>
    <message>
        <source>The catalog %1 cannot be upgraded: %2</source>
        <translation>无法升级目录库 %1：%2</translation>
    </message>
    <message>
        <source>The catalog %1 is read-only; it cannot be upgraded.</source>
        <translation>目录库 %1 为只读；无法升级。</translation>
    </message>
    <message>
        <source>Catalog migration to schema %1 failed: %2</source>
        <translation>目录库迁移到架构版本 %1 失败：%2</translation>
    </message>
    <message>
        <source>The catalog %1 is busy with another job of this program; try again when it has finished.</source>
        <translation>目录 %1 正被本程序的另一个作业使用；请在其完成后重试。</translation>
    </message>
    <message>
        <source>The catalog %1 is being written by another process; try again when it has finished.</source>
        <translation>目录 %1 正被另一个进程写入；请在其完成后重试。</translation>
    </message>
    <message>
        <source>The catalog %1 stayed locked by another process; try again in a moment.</source>
        <translation>目录 %1 一直被另一个进程锁定；请稍后重试。</translation>
    </message>
    <message>
        <source>The catalog stayed locked by another process; try again in a moment.</source>
        <translation>目录一直被另一个进程锁定；请稍后重试。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Run &apos;crossvault-cli %1 --help&apos; for usage.</source>
        <translation>运行“crossvault-cli %1 --help”查看用法。</translation>
    </message>
    <message>
        <source>%1 needs the name of an environment variable.</source>
        <translation>%1 需要一个环境变量名。</translation>
    </message>
    <message>
        <source>%1: the environment variable %2 is not set.</source>
        <translation>%1：环境变量 %2 未设置。</translation>
    </message>
    <message>
        <source>%1: the environment variable %2 is empty.</source>
        <translation>%1：环境变量 %2 为空。</translation>
    </message>
    <message>
        <source>%1: cannot read %2: %3</source>
        <translation>%1：无法读取 %2：%3</translation>
    </message>
    <message>
        <source>%1: %2 is empty.</source>
        <translation>%1：%2 为空。</translation>
    </message>
    <message>
        <source>Environment variable holding the vault&apos;s passphrase (customer key).</source>
        <translation>存放备份库口令（客户密钥）的环境变量。</translation>
    </message>
    <message>
        <source>File holding the vault&apos;s key (customer key file, or a managed vault&apos;s recovery key at import).</source>
        <translation>存放备份库密钥的文件（客户密钥文件，或导入时托管备份库的恢复密钥）。</translation>
    </message>
    <message>
        <source>Give either --passphrase-env or --key-file, not both.</source>
        <translation>只能指定 --passphrase-env 或 --key-file 之一，不能同时指定。</translation>
    </message>
    <message>
        <source>--key-file: %1 is not a readable file.</source>
        <translation>--key-file：%1 不是可读文件。</translation>
    </message>
    <message numerus="yes">
        <source>Agent: %n copy job(s) run.</source>
        <translation>
            <numerusform>代理：已运行 %n 个复制任务。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: region &apos;%2&apos; has no price sheet (a local folder costs nothing to price); link one with &apos;region add … --price-sheet ID&apos; or name a sheet such as gcp/us-west1.</source>
        <translation>%1：地域“%2”没有价格表（本地文件夹无需计价）；请使用“region add … --price-sheet ID”关联价格表，或直接指定价格表，例如 gcp/us-west1。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n price sheet(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 个价格表。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n price sheet(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个价格表导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is encrypted with a managed key kept only in this workspace. Export its recovery key and keep it away from this machine, or the vault cannot be opened from another workspace or region:
  crossvault-cli vault export-key %1 --to FILE</source>
        <translation>备份库“%1”使用仅保存在此工作区中的托管密钥加密。请导出其恢复密钥并存放在此计算机之外，否则无法从其他工作区或地域打开该备份库：
  crossvault-cli vault export-key %1 --to FILE</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli [--workspace DIR] [--json] COMMAND ...</source>
        <translation>用法：crossvault-cli [--workspace DIR] [--json] COMMAND ...</translation>
    </message>
    <message>
        <source>Global options:</source>
        <translation>全局选项：</translation>
    </message>
    <message>
        <source>  --workspace DIR  workspace folder (default: $CROSSVAULT_WORKSPACE, else the console&apos;s)</source>
        <translation>  --workspace DIR  工作区文件夹（默认：$CROSSVAULT_WORKSPACE，否则使用控制台的工作区）</translation>
    </message>
    <message>
        <source>  --json           print one JSON document on stdout</source>
        <translation>  --json           在标准输出上打印一个 JSON 文档</translation>
    </message>
    <message>
        <source>  --help           this help; &apos;COMMAND --help&apos; for a command&apos;s</source>
        <translation>  --help           显示此帮助；“COMMAND --help”显示命令的帮助</translation>
    </message>
    <message>
        <source>  --version        print the version</source>
        <translation>  --version        打印版本号</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 failed, 2 bad usage or input, 3 refused by a rule, 4 partial success.</source>
        <translation>退出码：0 成功，1 失败，2 用法或输入错误，3 被规则拒绝，4 部分成功。</translation>
    </message>
    <message>
        <source>crossvault-cli: --workspace needs a folder.</source>
        <translation>crossvault-cli：--workspace 需要一个文件夹。</translation>
    </message>
    <message>
        <source>crossvault-cli: unknown global option %1; run &apos;crossvault-cli --help&apos;.</source>
        <translation>crossvault-cli：未知的全局选项 %1；请运行“crossvault-cli --help”。</translation>
    </message>
    <message>
        <source>crossvault-cli: unknown command &apos;%1&apos;; run &apos;crossvault-cli --help&apos;.</source>
        <translation>crossvault-cli：未知命令“%1”；请运行“crossvault-cli --help”。</translation>
    </message>
    <message>
        <source>%1 job %2 started.</source>
        <translation>%1 任务 %2 已启动。</translation>
    </message>
    <message>
        <source>Cancelling job %1…</source>
        <translation>正在取消任务 %1…</translation>
    </message>
    <message>
        <source>%1: %2 %3% (%4 of %5</source>
        <translation>%1：%2 %3% (%4 / %5</translation>
    </message>
    <message>
        <source>%1: %2 (%3</source>
        <translation>%1：%2 (%3</translation>
    </message>
    <message>
        <source>, %1/%2 files</source>
        <translation>，%1/%2 个文件</translation>
    </message>
    <message>
        <source>, %1/s</source>
        <translation>，%1/秒</translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation>，预计剩余 %1 秒</translation>
    </message>
    <message>
        <source>run due work (replication copies); --once: run it and exit</source>
        <translation>运行到期的工作（跨地域复制）；--once：运行一次后退出</translation>
    </message>
    <message>
        <source>Runs what is due: copies of points that replicating vaults&apos; targets still lack (after a --no-wait backup, an interrupted copy or a restart), and mirrors source points&apos; deletions, archive moves and expiry changes into the targets. Jobs of killed processes are marked failed first. With --once it runs that once and exits; without, it checks every minute.</source>
        <translation>运行到期的工作：将正在复制的备份库的目标中仍缺少的备份点复制过去（在使用 --no-wait 备份、复制中断或重启之后），并将源备份点的删除、归档迁移和过期时间变更同步到目标。已终止进程的任务会先被标记为失败。使用 --once 时运行一次后退出；否则每分钟检查一次。</translation>
    </message>
    <message>
        <source>Run what is due and exit.</source>
        <translation>运行到期的工作后退出。</translation>
    </message>
    <message>
        <source>agent: takes no arguments.</source>
        <translation>agent：不接受参数。</translation>
    </message>
    <message>
        <source>error: mirroring %1 into its targets: %2</source>
        <translation>错误：将 %1 同步到其目标：%2</translation>
    </message>
    <message>
        <source>error: copy %1 -&gt; %2: %3</source>
        <translation>错误：复制 %1 -&gt; %2：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n copy(ies) in targets updated to follow their source.</source>
        <translation>
            <numerusform>已更新目标中的 %n 个副本，使其与源保持一致。</numerusform>
        </translation>
    </message>
    <message>
        <source>back up a folder or SQLite database into a vault</source>
        <translation>将文件夹或 SQLite 数据库备份到备份库</translation>
    </message>
    <message>
        <source>Backs SOURCE (a folder, or a SQLite database with --kind sqlite) up into a vault as a new backup point. Exit code 4 when some files could not be read (they are listed).</source>
        <translation>将 SOURCE（文件夹，或使用 --kind sqlite 时的 SQLite 数据库）作为新的备份点备份到备份库。部分文件无法读取时退出码为 4（会列出这些文件）。</translation>
    </message>
    <message>
        <source>Folder or SQLite database file.</source>
        <translation>文件夹或 SQLite 数据库文件。</translation>
    </message>
    <message>
        <source>Vault to back up into.</source>
        <translation>要备份到的备份库。</translation>
    </message>
    <message>
        <source>folder (default for folders) or sqlite (default for files).</source>
        <translation>folder（文件夹的默认值）或 sqlite（文件的默认值）。</translation>
    </message>
    <message>
        <source>Glob of paths to leave out (repeatable), e.g. &apos;*.tmp&apos;, &apos;cache/&apos;.</source>
        <translation>要排除的路径通配模式（可重复），例如“*.tmp”、“cache/”。</translation>
    </message>
    <message>
        <source>Copy the point to another region afterwards (replication).</source>
        <translation>备份完成后将备份点复制到另一个地域（跨地域复制）。</translation>
    </message>
    <message>
        <source>Do not wait for chained copy jobs.</source>
        <translation>不等待链式复制任务。</translation>
    </message>
    <message>
        <source>backup: give exactly one SOURCE.</source>
        <translation>backup：请只指定一个 SOURCE。</translation>
    </message>
    <message>
        <source>backup: --vault is required (see &apos;vault list&apos;).</source>
        <translation>backup：必须指定 --vault（参见“vault list”）。</translation>
    </message>
    <message>
        <source>backup: --copy-to %1: DAYS must be a whole number of days, at least 1.</source>
        <translation>backup：--copy-to %1：DAYS 必须是整数天数，至少为 1。</translation>
    </message>
    <message>
        <source>backup: --copy-to needs a REGION[:DAYS], not &apos;%1&apos;.</source>
        <translation>backup：--copy-to 需要 REGION[:DAYS] 格式，而不是“%1”。</translation>
    </message>
    <message>
        <source>backup: --copy-to copies run in this process after the backup; drop --no-wait.</source>
        <translation>backup：--copy-to 的复制在备份后于此进程中运行；请去掉 --no-wait。</translation>
    </message>
    <message>
        <source>backup: SOURCE %1 does not exist.</source>
        <translation>backup：SOURCE %1 不存在。</translation>
    </message>
    <message>
        <source>backup: --kind folder needs a folder, but %1 is a file.</source>
        <translation>backup：--kind folder 需要文件夹，但 %1 是文件。</translation>
    </message>
    <message>
        <source>backup: --kind sqlite needs a database file, but %1 is not a file.</source>
        <translation>backup：--kind sqlite 需要数据库文件，但 %1 不是文件。</translation>
    </message>
    <message>
        <source>backup: --exclude applies to folders only.</source>
        <translation>backup：--exclude 仅适用于文件夹。</translation>
    </message>
    <message>
        <source>backup: --kind must be folder or sqlite, not &apos;%1&apos;.</source>
        <translation>backup：--kind 必须是 folder 或 sqlite，而不是“%1”。</translation>
    </message>
    <message>
        <source>error: copy to %1 failed: %2</source>
        <translation>错误：复制到 %1 失败：%2</translation>
    </message>
    <message>
        <source>error: copy to region %1: %2</source>
        <translation>错误：复制到地域 %1：%2</translation>
    </message>
    <message>
        <source>Backed up %1 into vault %2: point %3, %4 files, %5 bytes (%6 new stored bytes) in %7 s.</source>
        <translation>已将 %1 备份到备份库 %2：备份点 %3，%4 个文件，%5 字节（新存储 %6 字节），耗时 %7 秒。</translation>
    </message>
    <message>
        <source>warning: %1 Not backed up:</source>
        <translation>警告：%1 未备份：</translation>
    </message>
    <message>
        <source>warning: the recovery key of vault %1 was never exported: crossvault-cli vault export-key %1 --to FILE</source>
        <translation>警告：备份库 %1 的恢复密钥从未导出：crossvault-cli vault export-key %1 --to FILE</translation>
    </message>
    <message>
        <source>check a vault&apos;s structure (and, with --read-data, its contents)</source>
        <translation>校验备份库的结构（使用 --read-data 时还校验其内容）</translation>
    </message>
    <message>
        <source>Checks a vault: every object its points need exists and parses; with --read-data, re-reads and authenticates stored data. Missing or corrupt objects are named and give exit code 1; leftovers of interrupted backups are only reported as reclaimable.</source>
        <translation>校验备份库：其备份点所需的每个对象都存在且可解析；使用 --read-data 时，还会重新读取并认证已存储的数据。缺失或损坏的对象会被逐一列出，并返回退出码 1；中断的备份留下的残留对象仅报告为可回收。</translation>
    </message>
    <message>
        <source>Vault name.</source>
        <translation>备份库名称。</translation>
    </message>
    <message>
        <source>Re-read and authenticate the stored data.</source>
        <translation>重新读取并认证已存储的数据。</translation>
    </message>
    <message>
        <source>With --read-data: percentage of packs to read (1-100).</source>
        <translation>与 --read-data 一起使用：要读取的数据包百分比（1-100）。</translation>
    </message>
    <message>
        <source>check: give exactly one VAULT.</source>
        <translation>check：请只指定一个 VAULT。</translation>
    </message>
    <message>
        <source>check: --subset applies with --read-data only.</source>
        <translation>check：--subset 仅可与 --read-data 一起使用。</translation>
    </message>
    <message>
        <source>check: --subset must be a percentage from 1 to 100, not &apos;%1&apos;.</source>
        <translation>check：--subset 必须是 1 到 100 之间的百分比，而不是“%1”。</translation>
    </message>
    <message>
        <source>Vault %1 is consistent: %2 point(s), %3 pack(s) present, %4 re-read.</source>
        <translation>备份库 %1 一致：%2 个备份点，%3 个数据包存在，已重新读取 %4 个。</translation>
    </message>
    <message>
        <source>%1 leftover object(s) (%2) from interrupted backups are reclaimable by &apos;prune %3&apos;; they are not errors.</source>
        <translation>中断的备份留下的 %1 个残留对象（%2）可通过“prune %3”回收；它们不是错误。</translation>
    </message>
    <message>
        <source>copy a backup point to another region (a replica)</source>
        <translation>将备份点复制到另一个地域（副本）</translation>
    </message>
    <message>
        <source>Copies a backup point to a replica vault in another region, sending only what that vault lacks. The replica is kept until deleted unless --expire-days is given. At most one replica per point and region.</source>
        <translation>将备份点复制到另一个地域中的副本备份库，只发送该备份库缺少的数据。除非指定 --expire-days，否则副本会一直保留直到被删除。每个备份点在每个地域最多有一个副本。</translation>
    </message>
    <message>
        <source>Point id (see &apos;points&apos;).</source>
        <translation>备份点 ID（参见“points”）。</translation>
    </message>
    <message>
        <source>Destination region.</source>
        <translation>目标地域。</translation>
    </message>
    <message>
        <source>Destination vault (a replica of the point&apos;s vault; created when missing). Default: the source&apos;s replication target in the region, else SOURCE-REGION.</source>
        <translation>目标备份库（该备份点所在备份库的副本；不存在时创建）。默认：源备份库在该地域的复制目标，否则为 SOURCE-REGION。</translation>
    </message>
    <message>
        <source>The point&apos;s vault, when the id is in several.</source>
        <translation>备份点所在的备份库（当该 ID 存在于多个备份库中时）。</translation>
    </message>
    <message>
        <source>Replica name: 1-64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>副本名称：1-64 个字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>At most 255 characters.</source>
        <translation>最多 255 个字符。</translation>
    </message>
    <message>
        <source>Delete the replica after this many days.</source>
        <translation>在指定天数后删除副本。</translation>
    </message>
    <message>
        <source>Bandwidth limit per second, e.g. 20MB.</source>
        <translation>每秒带宽限制，例如 20MB。</translation>
    </message>
    <message>
        <source>copy: give exactly one POINT.</source>
        <translation>copy：请只指定一个 POINT。</translation>
    </message>
    <message>
        <source>copy: --to-region R is required.</source>
        <translation>copy：必须指定 --to-region R。</translation>
    </message>
    <message>
        <source>copy: --expire-days must be a whole number of days, at least 1, not &apos;%1&apos;.</source>
        <translation>copy：--expire-days 必须是整数天数，至少为 1，而不是“%1”。</translation>
    </message>
    <message>
        <source>Created replica vault %1 in region %2.</source>
        <translation>已在地域 %2 中创建副本备份库 %1。</translation>
    </message>
    <message>
        <source>Copied point %1 to vault %2 in region %3: %4 bytes sent, %5 bytes already there.</source>
        <translation>已将备份点 %1 复制到地域 %3 中的备份库 %2：发送 %4 字节，%5 字节已存在。</translation>
    </message>
    <message>
        <source>bytes a copy would move after dedup, the target&apos;s growth and its price</source>
        <translation>复制在去重后需要传输的字节数、目标的增长量及其价格</translation>
    </message>
    <message>
        <source>Shows what &apos;copy POINT --to-region R&apos; would send (only what the destination lacks), how much the destination grows, and the price when the regions have price sheets.</source>
        <translation>显示“copy POINT --to-region R”将发送的数据（仅目标缺少的部分）、目标增长多少，以及在地域有价格表时的价格。</translation>
    </message>
    <message>
        <source>Point id.</source>
        <translation>备份点 ID。</translation>
    </message>
    <message>
        <source>Destination vault (as for &apos;copy&apos;).</source>
        <translation>目标备份库（同“copy”）。</translation>
    </message>
    <message>
        <source>copy-preview: give exactly one POINT.</source>
        <translation>copy-preview：请只指定一个 POINT。</translation>
    </message>
    <message>
        <source>copy-preview: --to-region R is required.</source>
        <translation>copy-preview：必须指定 --to-region R。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; disappeared.</source>
        <translation>备份库“%1”已消失。</translation>
    </message>
    <message>
        <source>, transfer %1 %2, storage %3 %2 per month</source>
        <translation>，传输 %1 %2，存储每月 %3 %2</translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (vault %3) would move %4 (%5 already there); the destination grows by %4%6.</source>
        <translation>将备份点 %1 复制到 %2（备份库 %3）将传输 %4（%5 已存在）；目标增长 %4%6。</translation>
    </message>
    <message>
        <source>estimate what backups and copies cost; price a copy; month-to-date actual costs</source>
        <translation>估算备份和复制的费用；为复制计价；本月至今的实际费用</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli cost estimate --size SIZE --from SHEET --to SHEET[:DAYS][,…] [options]
       crossvault-cli cost copy --size SIZE --from SHEET --to SHEET
       crossvault-cli cost actual [--vault V]
Run &apos;crossvault-cli cost SUBCOMMAND --help&apos; for details. Price sheets: &apos;crossvault-cli price list&apos;.</source>
        <translation>用法：crossvault-cli cost estimate --size SIZE --from SHEET --to SHEET[:DAYS][,…] [options]
      crossvault-cli cost copy --size SIZE --from SHEET --to SHEET
      crossvault-cli cost actual [--vault V]
运行“crossvault-cli cost SUBCOMMAND --help”查看详情。价格表：“crossvault-cli price list”。</translation>
    </message>
    <message>
        <source>cost: unknown sub-command &apos;%1&apos;.
</source>
        <translation>cost：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Estimates the cost of keeping backups of a source in copy regions (and, with --include-source, in the source region): stored bytes per region once retention has filled, storage and transfer over --months, and a month-by-month projection (at least 12 months) that shows the ramp-up while retention fills.
Regions are price sheet ids (see &apos;price list&apos;). 1 GB = 10^9 bytes; a month is 730 hours.
Money is printed as exact decimal strings in the sheets&apos; currency (&quot;2.80&quot;); with --json: {&quot;currency&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;months&quot;,&quot;regions&quot;:[{&quot;region&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;steadyStoredBytes&quot;,&quot;projection&quot;:[…]}],&quot;notes&quot;}.</source>
        <translation>估算在复制地域（使用 --include-source 时也包括源地域）保存某个源的备份所需的费用：保留期填满后每个地域存储的字节数、--months 期间的存储和传输费用，以及逐月预测（至少 12 个月），显示保留期填满过程中费用的爬升。
地域为价格表 ID（参见“price list”）。1 GB = 10^9 字节；一个月为 730 小时。
金额以价格表货币的精确十进制字符串打印（&quot;2.80&quot;）；使用 --json 时：{&quot;currency&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;months&quot;,&quot;regions&quot;:[{&quot;region&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;steadyStoredBytes&quot;,&quot;projection&quot;:[…]}],&quot;notes&quot;}。</translation>
    </message>
    <message>
        <source>Source size, e.g. 20GB, 1.5TiB (GB = 10^9 bytes).</source>
        <translation>源大小，例如 20GB、1.5TiB（GB = 10^9 字节）。</translation>
    </message>
    <message>
        <source>Price sheet of the source region, e.g. gcp/us-west1, or a workspace region linked to one.</source>
        <translation>源地域的价格表，例如 gcp/us-west1，或关联了价格表的工作区地域。</translation>
    </message>
    <message>
        <source>Copy regions, comma-separated, each optionally with its own retention: gcp/us-east4,gcp/europe-west3:90.</source>
        <translation>复制地域，以逗号分隔，每个地域可带自己的保留期：gcp/us-east4,gcp/europe-west3:90。</translation>
    </message>
    <message>
        <source>Months summed into the totals (1-120, default 1).</source>
        <translation>计入总计的月数（1-120，默认 1）。</translation>
    </message>
    <message>
        <source>Retention of the source and of copies without their own (default 30).</source>
        <translation>源以及未单独指定保留期的副本的保留天数（默认 30）。</translation>
    </message>
    <message>
        <source>New unique data per day, percent of the source (default 0), e.g. 1.5%.</source>
        <translation>每天新增的唯一数据，占源的百分比（默认 0），例如 1.5%。</translation>
    </message>
    <message>
        <source>Dedup and compression ratio, logical:stored (default 1), e.g. 2.5.</source>
        <translation>去重和压缩比，逻辑大小:存储大小（默认 1），例如 2.5。</translation>
    </message>
    <message>
        <source>Hours between backups (default 24).</source>
        <translation>两次备份之间的小时数（默认 24）。</translation>
    </message>
    <message>
        <source>Also price the source region&apos;s own storage.</source>
        <translation>同时计算源地域自身的存储费用。</translation>
    </message>
    <message>
        <source>cost estimate: unexpected argument &apos;%1&apos;.</source>
        <translation>cost estimate：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>cost estimate: --size is required (e.g. --size 20GB).</source>
        <translation>cost estimate：必须指定 --size（例如 --size 20GB）。</translation>
    </message>
    <message>
        <source>cost estimate: --from is required (a price sheet id such as gcp/us-west1).</source>
        <translation>cost estimate：必须指定 --from（价格表 ID，例如 gcp/us-west1）。</translation>
    </message>
    <message>
        <source>--retention-days: &apos;%1&apos; is not a whole number of days.</source>
        <translation>--retention-days：“%1”不是整数天数。</translation>
    </message>
    <message>
        <source>--months: &apos;%1&apos; is not a whole number.</source>
        <translation>--months：“%1”不是整数。</translation>
    </message>
    <message>
        <source>--interval-hours: &apos;%1&apos; is not a whole number.</source>
        <translation>--interval-hours：“%1”不是整数。</translation>
    </message>
    <message>
        <source>--change-rate: &apos;%1&apos; is not a percentage such as 1.5%.</source>
        <translation>--change-rate：“%1”不是百分比，例如 1.5%。</translation>
    </message>
    <message>
        <source>--ratio: &apos;%1&apos; is not a ratio such as 2.5 or 2.5:1.</source>
        <translation>--ratio：“%1”不是比率，例如 2.5 或 2.5:1。</translation>
    </message>
    <message>
        <source>--to: &apos;%1&apos; needs whole days after &apos;:&apos; (e.g. gcp/europe-west3:90).</source>
        <translation>--to：“%1”需要在“:”后面给出整数天数（例如 gcp/europe-west3:90）。</translation>
    </message>
    <message>
        <source>REGION</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>STORED</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>STORAGE</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>TRANSFER</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>总计</translation>
    </message>
    <message>
        <source> (source)</source>
        <translation>（源）</translation>
    </message>
    <message>
        <source>TOTAL (1 month)</source>
        <translation>总计（1 个月）</translation>
    </message>
    <message>
        <source>TOTAL (%1 months)</source>
        <translation>总计（%1 个月）</translation>
    </message>
    <message>
        <source>Prices moving SIZE once from one price sheet region to another (a copy or replication preview), plus a month of keeping it there.</source>
        <translation>为将 SIZE 从一个价格表地域一次性移动到另一个地域（复制或跨地域复制预览）计价，外加在目标地域保存一个月的费用。</translation>
    </message>
    <message>
        <source>Bytes to move, e.g. 20GB.</source>
        <translation>要移动的字节数，例如 20GB。</translation>
    </message>
    <message>
        <source>Source price sheet, e.g. gcp/us-west1.</source>
        <translation>源价格表，例如 gcp/us-west1。</translation>
    </message>
    <message>
        <source>Destination price sheet.</source>
        <translation>目标价格表。</translation>
    </message>
    <message>
        <source>cost copy: --%1 is required.</source>
        <translation>cost copy：必须指定 --%1。</translation>
    </message>
    <message>
        <source>Moving %1 from %2 to %3 (%4): %5 transfer, then %6 a month to keep it.</source>
        <translation>将 %1 从 %2 移动到 %3（%4）：传输费用 %5，之后每月保存费用 %6。</translation>
    </message>
    <message>
        <source>Month-to-date costs: each vault&apos;s stored bytes priced with its region&apos;s sheet since the 1st of the month (UTC), plus the bytes copy jobs moved. Regions without a price sheet (local folders) cost 0.</source>
        <translation>本月至今的费用：自本月 1 日（UTC）起，按每个备份库所在地域的价格表为其存储的字节计价，外加复制任务传输的字节。没有价格表的地域（本地文件夹）费用为 0。</translation>
    </message>
    <message>
        <source>Only this vault.</source>
        <translation>仅此备份库。</translation>
    </message>
    <message>
        <source>No vaults in the catalog yet: nothing stored, cost 0.</source>
        <translation>目录库中还没有备份库：没有存储任何数据，费用为 0。</translation>
    </message>
    <message>
        <source>Month to date (%1 hours since %2):</source>
        <translation>本月至今（自 %2 起 %1 小时）：</translation>
    </message>
    <message>
        <source>VAULT</source>
        <translation>备份库</translation>
    </message>
    <message>
        <source>NOTE</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>list, show or cancel jobs (backups, restores, checks…)</source>
        <translation>列出、查看或取消任务（备份、恢复、校验…）</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli jobs list [--state S] [--type T] | show ID | cancel ID</source>
        <translation>用法：crossvault-cli jobs list [--state S] [--type T] | show ID | cancel ID</translation>
    </message>
    <message>
        <source>jobs: unknown sub-command &apos;%1&apos;.
</source>
        <translation>jobs：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Only jobs in this state: queued, running, succeeded, failed, cancelled, partial.</source>
        <translation>仅显示处于此状态的任务：queued、running、succeeded、failed、cancelled、partial。</translation>
    </message>
    <message>
        <source>Only jobs of this type: backup, restore, check…</source>
        <translation>仅显示此类型的任务：backup、restore、check…</translation>
    </message>
    <message>
        <source>Lists jobs, newest first.</source>
        <translation>列出任务，最新的在前。</translation>
    </message>
    <message>
        <source>Shows one job with its progress and result.</source>
        <translation>显示一个任务及其进度和结果。</translation>
    </message>
    <message>
        <source>Cancels a queued or running job (also one run by another process).</source>
        <translation>取消排队中或运行中的任务（包括由其他进程运行的任务）。</translation>
    </message>
    <message>
        <source>Job id (see &apos;jobs list&apos;).</source>
        <translation>任务 ID（参见“jobs list”）。</translation>
    </message>
    <message>
        <source>jobs list: unexpected argument &apos;%1&apos;.</source>
        <translation>jobs list：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>jobs list: --state must be one of %1, not &apos;%2&apos;.</source>
        <translation>jobs list：--state 必须是 %1 之一，而不是“%2”。</translation>
    </message>
    <message>
        <source>jobs %1: give exactly one job ID.</source>
        <translation>jobs %1：请只指定一个任务 ID。</translation>
    </message>
    <message>
        <source>jobs %1: ID must be a positive number, not &apos;%2&apos;.</source>
        <translation>jobs %1：ID 必须是正数，而不是“%2”。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Job %1 has already finished (%2); there is nothing to cancel.</source>
        <translation>任务 %1 已结束（%2）；没有可取消的内容。</translation>
    </message>
    <message>
        <source>Asked job %1 to cancel; the process running it (pid %2) stops it within a second or so, leaving the vault consistent.</source>
        <translation>已请求取消任务 %1；运行该任务的进程（pid %2）将在约一秒内停止它，并保持备份库一致。</translation>
    </message>
    <message>
        <source>delete a backup point, or change its tier or expiry</source>
        <translation>删除备份点，或更改其存储层或过期时间</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli point delete POINT [--vault V] [--yes]
       crossvault-cli point set POINT [--vault V] [--tier standard|archive] [--expire-days N | --no-expiry]</source>
        <translation>用法：crossvault-cli point delete POINT [--vault V] [--yes]
      crossvault-cli point set POINT [--vault V] [--tier standard|archive] [--expire-days N | --no-expiry]</translation>
    </message>
    <message>
        <source>point: unknown sub-command &apos;%1&apos;.
</source>
        <translation>point：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Deletes a backup point from its vault. Its data is freed by the next prune. The copies of the point in the vault&apos;s replication targets are deleted too; points of a replication target cannot be deleted (they mirror the source). Refused without --yes.</source>
        <translation>从备份库中删除备份点。其数据将在下次清理时释放。该备份点在备份库的复制目标中的副本也会一并删除；复制目标的备份点不能删除（它们与源保持一致）。未指定 --yes 时拒绝执行。</translation>
    </message>
    <message>
        <source>Vault of the point (when the id is in several vaults).</source>
        <translation>备份点所在的备份库（当该 ID 存在于多个备份库中时）。</translation>
    </message>
    <message>
        <source>Confirm the deletion.</source>
        <translation>确认删除。</translation>
    </message>
    <message>
        <source>point delete: give exactly one POINT id.</source>
        <translation>point delete：请只指定一个 POINT ID。</translation>
    </message>
    <message>
        <source>Refusing to delete point %1 without --yes. This would permanently delete the backup of %2 taken %3 (%4 files, %5) from vault &apos;%6&apos;. Run again with --yes to confirm.</source>
        <translation>未指定 --yes，拒绝删除备份点 %1。此操作将从备份库“%6”中永久删除 %2 于 %3 创建的备份（%4 个文件，%5）。请加上 --yes 重新运行以确认。</translation>
    </message>
    <message>
        <source>Deleted point %1 from vault %2.</source>
        <translation>已从备份库 %2 删除备份点 %1。</translation>
    </message>
    <message>
        <source>Changes a backup point&apos;s storage tier or expiry. The point&apos;s copies in the vault&apos;s replication targets follow: they inherit the expiry, and a point moved to the archive tier is no longer synced and its copies are removed. Points of a replication target cannot be changed (they mirror the source).</source>
        <translation>更改备份点的存储层或过期时间。该备份点在备份库的复制目标中的副本会随之变化：副本继承其过期时间；移至归档层的备份点不再同步，其副本会被删除。复制目标的备份点不能更改（它们与源保持一致）。</translation>
    </message>
    <message>
        <source>standard or archive.</source>
        <translation>standard 或 archive。</translation>
    </message>
    <message>
        <source>Expire N days from now.</source>
        <translation>自现在起 N 天后过期。</translation>
    </message>
    <message>
        <source>Keep the point until it is deleted.</source>
        <translation>保留备份点直至其被删除。</translation>
    </message>
    <message>
        <source>point set: give exactly one POINT id.</source>
        <translation>point set：请只指定一个 POINT ID。</translation>
    </message>
    <message>
        <source>point set: give --tier, --expire-days or --no-expiry.</source>
        <translation>point set：请指定 --tier、--expire-days 或 --no-expiry。</translation>
    </message>
    <message>
        <source>point set: --expire-days and --no-expiry exclude each other.</source>
        <translation>point set：--expire-days 与 --no-expiry 不能同时指定。</translation>
    </message>
    <message>
        <source>point set: --expire-days must be a positive number of days, not &apos;%1&apos;.</source>
        <translation>point set：--expire-days 必须是正整数天数，而不是“%1”。</translation>
    </message>
    <message>
        <source>Point %1 of vault %2: tier %3, %4.</source>
        <translation>备份库 %2 的备份点 %1：存储层 %3，%4。</translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation>将于 %1 过期</translation>
    </message>
    <message>
        <source>kept until deleted</source>
        <translation>保留至删除</translation>
    </message>
    <message>
        <source>list backup points</source>
        <translation>列出备份点</translation>
    </message>
    <message>
        <source>Lists backup points, oldest first.</source>
        <translation>列出备份点，最早的在前。</translation>
    </message>
    <message>
        <source>Only this vault&apos;s points.</source>
        <translation>仅显示此备份库的备份点。</translation>
    </message>
    <message>
        <source>Only points of this source (folder or file).</source>
        <translation>仅显示此来源（文件夹或文件）的备份点。</translation>
    </message>
    <message>
        <source>points: unexpected argument &apos;%1&apos;.</source>
        <translation>points：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>POINT</source>
        <translation>备份点</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>list, show, import, export or reset the price sheets used for cost estimates</source>
        <translation>列出、查看、导入、导出或重置用于费用估算的价格表</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli price list | show ID | import FILE | export FILE [--id ID]… | reset ID
Prices are per GB (10^9 bytes) in each sheet&apos;s currency; storage per GB-month or GB-hour (730 hours a month). Workspace edits live in &lt;workspace&gt;/prices.json.</source>
        <translation>用法：crossvault-cli price list | show ID | import FILE | export FILE [--id ID]… | reset ID
价格以各价格表的货币按每 GB（10^9 字节）计；存储按每 GB·月或每 GB·小时计（每月 730 小时）。工作区的修改保存在 &lt;workspace&gt;/prices.json 中。</translation>
    </message>
    <message>
        <source>price: unknown sub-command &apos;%1&apos;.
</source>
        <translation>price：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Lists the price sheets: the shipped defaults with the workspace&apos;s edits.</source>
        <translation>列出价格表：内置的默认价格表及工作区的修改。</translation>
    </message>
    <message>
        <source>price list: unexpected argument &apos;%1&apos;.</source>
        <translation>price list：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>CONTINENT</source>
        <translation>大洲</translation>
    </message>
    <message>
        <source>CUR</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>SAME-CONT</source>
        <translation>同大洲</translation>
    </message>
    <message>
        <source>OTHER-CONT</source>
        <translation>跨大洲</translation>
    </message>
    <message>
        <source>EGRESS</source>
        <translation>出网</translation>
    </message>
    <message>
        <source>ORIGIN</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Shows one price sheet with the source and date of every figure.</source>
        <translation>显示一个价格表，以及每项数值的来源和日期。</translation>
    </message>
    <message>
        <source>Sheet id, e.g. gcp/us-west1.</source>
        <translation>价格表 ID，例如 gcp/us-west1。</translation>
    </message>
    <message>
        <source>price show: give exactly one sheet ID.</source>
        <translation>price show：请只指定一个价格表 ID。</translation>
    </message>
    <message>
        <source>price show: no price sheet &apos;%1&apos; (see &apos;price list&apos;).</source>
        <translation>price show：没有价格表“%1”（参见“price list”）。</translation>
    </message>
    <message>
        <source>storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>per %1</source>
        <translation>每 %1</translation>
    </message>
    <message>
        <source>transfer, same continent</source>
        <translation>传输（同大洲）</translation>
    </message>
    <message>
        <source>per GB</source>
        <translation>每 GB</translation>
    </message>
    <message>
        <source>transfer, other continent</source>
        <translation>传输（跨大洲）</translation>
    </message>
    <message>
        <source>transfer to %1</source>
        <translation>传输到 %1</translation>
    </message>
    <message>
        <source>egress (other providers)</source>
        <translation>出网流量（其他服务商）</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Imports the sheets of a price file into the workspace (replacing sheets with the same id). A malformed file is refused with its line and field, and nothing changes.</source>
        <translation>将价格文件中的价格表导入工作区（替换 ID 相同的价格表）。格式错误的文件会被拒绝并指出出错的行和字段，且不做任何更改。</translation>
    </message>
    <message>
        <source>Price file (JSON, as written by &apos;price export&apos;).</source>
        <translation>价格文件（JSON，格式同“price export”的输出）。</translation>
    </message>
    <message>
        <source>price import: give exactly one FILE.</source>
        <translation>price import：请只指定一个 FILE。</translation>
    </message>
    <message>
        <source>Writes the price sheets (all, or those named with --id) to a JSON file.</source>
        <translation>将价格表（全部，或用 --id 指定的价格表）写入 JSON 文件。</translation>
    </message>
    <message>
        <source>File to write.</source>
        <translation>要写入的文件。</translation>
    </message>
    <message>
        <source>Only this sheet (repeatable).</source>
        <translation>仅此价格表（可重复）。</translation>
    </message>
    <message>
        <source>price export: give exactly one FILE.</source>
        <translation>price export：请只指定一个 FILE。</translation>
    </message>
    <message>
        <source>Drops the workspace&apos;s edit of a sheet: a default sheet returns to the shipped figures, an imported sheet disappears.</source>
        <translation>删除工作区对某个价格表的修改：默认价格表恢复为内置数值，导入的价格表则被删除。</translation>
    </message>
    <message>
        <source>Sheet id.</source>
        <translation>价格表 ID。</translation>
    </message>
    <message>
        <source>price reset: give exactly one sheet ID.</source>
        <translation>price reset：请只指定一个价格表 ID。</translation>
    </message>
    <message>
        <source>Reset %1.</source>
        <translation>已重置 %1。</translation>
    </message>
    <message>
        <source>region: unknown sub-command &apos;%1&apos;.
</source>
        <translation>region：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Lists the workspace&apos;s regions.</source>
        <translation>列出工作区的地域。</translation>
    </message>
    <message>
        <source>region list: unexpected argument &apos;%1&apos;.</source>
        <translation>region list：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>PROVIDER</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>LOCATION</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Adds a region: a local or NAS folder (--kind local --path DIR) or an S3-compatible bucket (--kind s3 --endpoint URL --bucket B --access-key-env VAR --secret-key-env VAR).</source>
        <translation>添加地域：本地或 NAS 文件夹（--kind local --path DIR），或兼容 S3 的存储桶（--kind s3 --endpoint URL --bucket B --access-key-env VAR --secret-key-env VAR）。</translation>
    </message>
    <message>
        <source>Region name: lowercase letters, digits and &apos;-&apos;.</source>
        <translation>地域名称：小写字母、数字和“-”。</translation>
    </message>
    <message>
        <source>Storage kind: local or s3.</source>
        <translation>存储类型：local 或 s3。</translation>
    </message>
    <message>
        <source>Folder of a local region (created if missing).</source>
        <translation>本地地域的文件夹（不存在时创建）。</translation>
    </message>
    <message>
        <source>Provider, for pricing (e.g. aws, aliyun, huawei, local).</source>
        <translation>服务商，用于计价（例如 aws、aliyun、huawei、local）。</translation>
    </message>
    <message>
        <source>Continent: %1.</source>
        <translation>大洲：%1。</translation>
    </message>
    <message>
        <source>Display name, e.g. &quot;eu-central-1 (Frankfurt)&quot;.</source>
        <translation>显示名称，例如“eu-central-1 (Frankfurt)”。</translation>
    </message>
    <message>
        <source>S3 endpoint URL.</source>
        <translation>S3 终端节点 URL。</translation>
    </message>
    <message>
        <source>S3 bucket.</source>
        <translation>S3 存储桶。</translation>
    </message>
    <message>
        <source>Key prefix inside the bucket.</source>
        <translation>存储桶内的对象键前缀。</translation>
    </message>
    <message>
        <source>SigV4 signing region (default us-east-1).</source>
        <translation>SigV4 签名地域（默认 us-east-1）。</translation>
    </message>
    <message>
        <source>Use path-style addressing (MinIO, Ceph, s3rver).</source>
        <translation>使用路径样式寻址（MinIO、Ceph、s3rver）。</translation>
    </message>
    <message>
        <source>Environment variable holding the access key id.</source>
        <translation>存放访问密钥 ID 的环境变量。</translation>
    </message>
    <message>
        <source>Environment variable holding the secret access key.</source>
        <translation>存放秘密访问密钥的环境变量。</translation>
    </message>
    <message>
        <source>CA bundle for a self-hosted endpoint.</source>
        <translation>自建终端节点的 CA 证书包。</translation>
    </message>
    <message>
        <source>region add: give exactly one region NAME.</source>
        <translation>region add：请只指定一个地域 NAME。</translation>
    </message>
    <message>
        <source>region add: --kind is required (local or s3).</source>
        <translation>region add：必须指定 --kind（local 或 s3）。</translation>
    </message>
    <message>
        <source>region add: --path is required for a local region.</source>
        <translation>region add：本地地域必须指定 --path。</translation>
    </message>
    <message>
        <source>region add: --%1 applies to s3 regions only.</source>
        <translation>region add：--%1 仅适用于 s3 地域。</translation>
    </message>
    <message>
        <source>region add: --path applies to local regions only; use --endpoint and --bucket.</source>
        <translation>region add：--path 仅适用于本地地域；请使用 --endpoint 和 --bucket。</translation>
    </message>
    <message>
        <source>region add: --%1 is required for an s3 region.</source>
        <translation>region add：s3 地域必须指定 --%1。</translation>
    </message>
    <message>
        <source>region add: --kind must be local or s3, not &apos;%1&apos;.</source>
        <translation>region add：--kind 必须是 local 或 s3，而不是“%1”。</translation>
    </message>
    <message>
        <source>Added region %1 (%2).</source>
        <translation>已添加地域 %1（%2）。</translation>
    </message>
    <message>
        <source>Tests a region with a real round trip: put, get, list and delete of a probe object.</source>
        <translation>通过一次真实的往返操作测试地域：写入、读取、列出并删除一个探测对象。</translation>
    </message>
    <message>
        <source>Region name.</source>
        <translation>地域名称。</translation>
    </message>
    <message>
        <source>region test: give exactly one region NAME.</source>
        <translation>region test：请只指定一个地域 NAME。</translation>
    </message>
    <message>
        <source>Region %1 works: %2</source>
        <translation>地域 %1 工作正常：%2</translation>
    </message>
    <message>
        <source>Removes a region from the workspace. Its stored data is not deleted. Refused while a vault lives in the region.</source>
        <translation>从工作区移除地域。其中已存储的数据不会被删除。地域中仍有备份库时拒绝执行。</translation>
    </message>
    <message>
        <source>Accepted for symmetry with other destructive commands.</source>
        <translation>为与其他破坏性命令保持一致而接受此选项。</translation>
    </message>
    <message>
        <source>region remove: give exactly one region NAME.</source>
        <translation>region remove：请只指定一个地域 NAME。</translation>
    </message>
    <message>
        <source>Removed region %1 from the workspace (its stored files were left in place).</source>
        <translation>已从工作区移除地域 %1（其已存储的文件保留在原处）。</translation>
    </message>
    <message>
        <source>replicate a vault to replication-target vaults in other regions; stop; status and RPO</source>
        <translation>将备份库复制到其他地域中的复制目标备份库；停止复制；查看状态与 RPO</translation>
    </message>
    <message>
        <source>replication: unknown sub-command &apos;%1&apos;.
</source>
        <translation>replication：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Replicates a general vault to a replication-target vault in another region: the target is created from the source (same key material and encryption) or an existing replica is linked. All existing standard-tier points are copied now, with progress; every later backup is copied after it completes.</source>
        <translation>将通用备份库复制到另一个地域中的复制目标备份库：目标由源创建（相同的密钥材料和加密方式），或关联一个已有的副本。所有已有的标准层备份点会立即复制并显示进度；之后的每次备份完成后都会被复制。</translation>
    </message>
    <message>
        <source>The general vault to replicate.</source>
        <translation>要复制的通用备份库。</translation>
    </message>
    <message>
        <source>An existing replica vault in another region.</source>
        <translation>另一个地域中已有的副本备份库。</translation>
    </message>
    <message>
        <source>Create the target vault with this name.</source>
        <translation>使用此名称创建目标备份库。</translation>
    </message>
    <message>
        <source>Region of the target to create.</source>
        <translation>要创建的目标所在的地域。</translation>
    </message>
    <message>
        <source>Description of the target to create.</source>
        <translation>要创建的目标的描述。</translation>
    </message>
    <message>
        <source>Link only; &apos;agent --once&apos; copies the existing points later.</source>
        <translation>仅关联；稍后由“agent --once”复制已有的备份点。</translation>
    </message>
    <message>
        <source>Bandwidth limit per second of the initial sync, e.g. 20MB.</source>
        <translation>初始同步的每秒带宽限制，例如 20MB。</translation>
    </message>
    <message>
        <source>replication enable: give exactly one SOURCE_VAULT.</source>
        <translation>replication enable：请只指定一个 SOURCE_VAULT。</translation>
    </message>
    <message>
        <source>replication enable: give either --target VAULT or --create-target NAME --region R.</source>
        <translation>replication enable：请指定 --target VAULT 或 --create-target NAME --region R 之一。</translation>
    </message>
    <message>
        <source>replication enable: --create-target needs --region R (a region other than the source&apos;s).</source>
        <translation>replication enable：--create-target 需要 --region R（与源不同的地域）。</translation>
    </message>
    <message>
        <source>replication enable: --region goes with --create-target; an existing --target has its region.</source>
        <translation>replication enable：--region 需与 --create-target 一起使用；已有的 --target 已有其所在地域。</translation>
    </message>
    <message>
        <source>There is no vault named &apos;%1&apos; (see &apos;vault list&apos;).</source>
        <translation>没有名为“%1”的备份库（参见“vault list”）。</translation>
    </message>
    <message>
        <source>Created replication-target vault %1 in region %2.</source>
        <translation>已在地域 %2 中创建复制目标备份库 %1。</translation>
    </message>
    <message>
        <source>error: the initial sync failed (replication stays enabled; rerun &apos;agent --once&apos;): %1</source>
        <translation>错误：初始同步失败（复制仍保持启用；请重新运行“agent --once”）：%1</translation>
    </message>
    <message>
        <source>Vault %1 replicates to %2 in region %3.</source>
        <translation>备份库 %1 复制到地域 %3 中的 %2。</translation>
    </message>
    <message>
        <source>Stops replication for good: the target becomes a standalone vault that keeps its points and their inherited expiry (and can then be locked). Cannot be undone; refused without --yes.</source>
        <translation>永久停止复制：目标变为独立备份库，保留其备份点及继承的过期时间（之后可以锁定）。无法撤销；未指定 --yes 时拒绝执行。</translation>
    </message>
    <message>
        <source>The replicating vault.</source>
        <translation>正在复制的源备份库。</translation>
    </message>
    <message>
        <source>The target vault.</source>
        <translation>目标备份库。</translation>
    </message>
    <message>
        <source>Confirm: stopping is irreversible.</source>
        <translation>确认：停止复制不可逆。</translation>
    </message>
    <message>
        <source>replication stop: give exactly one SOURCE_VAULT.</source>
        <translation>replication stop：请只指定一个 SOURCE_VAULT。</translation>
    </message>
    <message>
        <source>replication stop: --target VAULT is required.</source>
        <translation>replication stop：必须指定 --target VAULT。</translation>
    </message>
    <message>
        <source>Stopping replication is irreversible: &apos;%1&apos; becomes a standalone vault and will never receive points from &apos;%2&apos; again. Run &apos;crossvault-cli replication stop %2 --target %1 --yes&apos; to confirm.</source>
        <translation>停止复制不可逆：“%1”将成为独立备份库，并且再也不会从“%2”接收备份点。运行“crossvault-cli replication stop %2 --target %1 --yes”以确认。</translation>
    </message>
    <message>
        <source>Replication from %1 to %2 stopped; %2 is now a standalone vault.</source>
        <translation>已停止从 %1 到 %2 的复制；%2 现在是独立备份库。</translation>
    </message>
    <message>
        <source>Replication state per target: newest replicated point, lag behind the source&apos;s newest point (RPO), points and bytes still to send.</source>
        <translation>每个目标的复制状态：最新已复制的备份点、落后于源最新备份点的时长（RPO），以及仍待发送的备份点和字节数。</translation>
    </message>
    <message>
        <source>A source vault; all replicating vaults when omitted.</source>
        <translation>源备份库；省略时显示所有正在复制的备份库。</translation>
    </message>
    <message>
        <source>replication status: give at most one SOURCE_VAULT.</source>
        <translation>replication status：最多指定一个 SOURCE_VAULT。</translation>
    </message>
    <message>
        <source>%1 -&gt; %2 (%3): %4, newest %5, lag %6, pending %7 point(s), %8</source>
        <translation>%1 -&gt; %2（%3）：%4，最新 %5，延迟 %6，待发送 %7 个备份点，%8</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No vault replicates.</source>
        <translation>没有正在复制的备份库。</translation>
    </message>
    <message>
        <source>restore a backup point into a folder</source>
        <translation>将备份点恢复到文件夹</translation>
    </message>
    <message>
        <source>Restores a backup point (or some of its paths) into a folder. Existing files are never overwritten without --overwrite. Exit code 4 when some items were restored with problems.</source>
        <translation>将备份点（或其中的部分路径）恢复到文件夹。未指定 --overwrite 时绝不覆盖已有文件。部分项目恢复出现问题时退出码为 4。</translation>
    </message>
    <message>
        <source>Target folder (created if missing).</source>
        <translation>目标文件夹（不存在时创建）。</translation>
    </message>
    <message>
        <source>Relative path inside the point to restore (repeatable).</source>
        <translation>备份点内要恢复的相对路径（可重复）。</translation>
    </message>
    <message>
        <source>Replace existing files in the target.</source>
        <translation>替换目标中的已有文件。</translation>
    </message>
    <message>
        <source>restore: give exactly one POINT id.</source>
        <translation>restore：请只指定一个 POINT ID。</translation>
    </message>
    <message>
        <source>restore: --to DIR is required.</source>
        <translation>restore：必须指定 --to DIR。</translation>
    </message>
    <message>
        <source>Restored point %1 into %2: %3 files, %4 bytes.</source>
        <translation>已将备份点 %1 恢复到 %2：%3 个文件，%4 字节。</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>create, list, import, delete vaults; export a managed vault&apos;s recovery key</source>
        <translation>创建、列出、导入、删除备份库；导出托管备份库的恢复密钥</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli vault create NAME --region R … | list | import NAME --region R … | delete NAME [--yes] | export-key NAME [--to FILE]
Run &apos;crossvault-cli vault SUBCOMMAND --help&apos; for details.</source>
        <translation>用法：crossvault-cli vault create NAME --region R … | list | import NAME --region R … | delete NAME [--yes] | export-key NAME [--to FILE]
运行“crossvault-cli vault SUBCOMMAND --help”查看详情。</translation>
    </message>
    <message>
        <source>vault: unknown sub-command &apos;%1&apos;.
</source>
        <translation>vault：未知的子命令“%1”。
</translation>
    </message>
    <message>
        <source>Creates a vault in a region. Managed encryption (default) keeps the key in this workspace; export its recovery key afterwards. Customer encryption needs --passphrase-env or --key-file, and the same secret for every later use.</source>
        <translation>在地域中创建备份库。托管加密（默认）将密钥保存在此工作区中；请随后导出其恢复密钥。客户加密需要 --passphrase-env 或 --key-file，且以后每次使用都需要提供相同的口令或密钥文件。</translation>
    </message>
    <message>
        <source>Vault name: lowercase letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation>备份库名称：小写字母、数字、“-”和“_”。</translation>
    </message>
    <message>
        <source>Region the vault lives in.</source>
        <translation>备份库所在的地域。</translation>
    </message>
    <message>
        <source>Free text.</source>
        <translation>自由文本。</translation>
    </message>
    <message>
        <source>A short label.</source>
        <translation>简短标签。</translation>
    </message>
    <message>
        <source>managed (default) or customer.</source>
        <translation>managed（默认）或 customer。</translation>
    </message>
    <message>
        <source>general (default), standalone or replication-target.</source>
        <translation>general（默认）、standalone 或 replication-target。</translation>
    </message>
    <message>
        <source>vault create: give exactly one vault NAME.</source>
        <translation>vault create：请只指定一个备份库 NAME。</translation>
    </message>
    <message>
        <source>vault create: --region is required (see &apos;region list&apos;).</source>
        <translation>vault create：必须指定 --region（参见“region list”）。</translation>
    </message>
    <message>
        <source>vault create: --passphrase-env and --key-file apply to --encryption customer only; a managed vault&apos;s key is generated and kept by the workspace.</source>
        <translation>vault create：--passphrase-env 和 --key-file 仅适用于 --encryption customer；托管备份库的密钥由工作区生成并保存。</translation>
    </message>
    <message>
        <source>vault create: --encryption customer needs --passphrase-env VAR or --key-file FILE.</source>
        <translation>vault create：--encryption customer 需要 --passphrase-env VAR 或 --key-file FILE。</translation>
    </message>
    <message>
        <source>vault create: --encryption must be managed or customer, not &apos;%1&apos;.</source>
        <translation>vault create：--encryption 必须是 managed 或 customer，而不是“%1”。</translation>
    </message>
    <message>
        <source>Created vault %1 in region %2 (%3 encryption).</source>
        <translation>已在地域 %2 中创建备份库 %1（加密方式：%3）。</translation>
    </message>
    <message>
        <source>Lists the workspace&apos;s vaults.</source>
        <translation>列出工作区的备份库。</translation>
    </message>
    <message>
        <source>vault list: unexpected argument &apos;%1&apos;.</source>
        <translation>vault list：意外的参数“%1”。</translation>
    </message>
    <message>
        <source>ENCRYPTION</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>POINTS</source>
        <translation>备份点</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Adds an existing vault of a region to this workspace (e.g. one made by another workspace) and lists its points. A managed vault needs its recovery key (--key-file FILE as written by &apos;vault export-key&apos;); a customer-key vault its passphrase or key file.</source>
        <translation>将地域中已有的备份库（例如由其他工作区创建的备份库）添加到此工作区，并列出其备份点。托管备份库需要其恢复密钥（--key-file FILE，格式同“vault export-key”的输出）；客户密钥备份库需要其口令或密钥文件。</translation>
    </message>
    <message>
        <source>The vault&apos;s name in the region.</source>
        <translation>备份库在地域中的名称。</translation>
    </message>
    <message>
        <source>Region holding the vault.</source>
        <translation>存放该备份库的地域。</translation>
    </message>
    <message>
        <source>vault import: give exactly one vault NAME.</source>
        <translation>vault import：请只指定一个备份库 NAME。</translation>
    </message>
    <message>
        <source>vault import: --region is required.</source>
        <translation>vault import：必须指定 --region。</translation>
    </message>
    <message>
        <source>Imported vault %1 from region %2: %3 point(s), %4 stored.</source>
        <translation>已从地域 %2 导入备份库 %1：%3 个备份点，已存储 %4。</translation>
    </message>
    <message>
        <source>Deletes a vault: all its backup points and stored data in its region, and its managed key. Cannot be undone; refused without --yes.</source>
        <translation>删除备份库：包括其所在地域中的全部备份点和已存储数据，以及其托管密钥。无法撤销；未指定 --yes 时拒绝执行。</translation>
    </message>
    <message>
        <source>vault delete: give exactly one vault NAME.</source>
        <translation>vault delete：请只指定一个备份库 NAME。</translation>
    </message>
    <message>
        <source>Refusing to delete vault &apos;%1&apos; without --yes. This would permanently delete, in region &apos;%2&apos;: %3 backup point(s) and %4 of stored data</source>
        <translation>未指定 --yes，拒绝删除备份库“%1”。此操作将在地域“%2”中永久删除：%3 个备份点和 %4 的已存储数据</translation>
    </message>
    <message>
        <source>, and the workspace&apos;s copy of its managed key</source>
        <translation>，以及工作区中保存的其托管密钥</translation>
    </message>
    <message>
        <source>, and its managed key, whose recovery key was never exported</source>
        <translation>，以及其托管密钥（其恢复密钥从未导出）</translation>
    </message>
    <message>
        <source>. Run &apos;crossvault-cli vault delete %1 --yes&apos; to confirm.</source>
        <translation>。运行“crossvault-cli vault delete %1 --yes”以确认。</translation>
    </message>
    <message>
        <source>Deleted vault %1 (%2 point(s)).</source>
        <translation>已删除备份库 %1（%2 个备份点）。</translation>
    </message>
    <message>
        <source>Exports a managed vault&apos;s recovery key: to FILE (created 0600) or, without --to, printed on stdout. Keep it away from this machine; &apos;vault import … --key-file&apos; accepts it.</source>
        <translation>导出托管备份库的恢复密钥：写入 FILE（以 0600 权限创建），或在未指定 --to 时打印到标准输出。请将其存放在此计算机之外；“vault import … --key-file”可接受该密钥。</translation>
    </message>
    <message>
        <source>File to write the recovery key to (must not exist).</source>
        <translation>要写入恢复密钥的文件（不能已存在）。</translation>
    </message>
    <message>
        <source>vault export-key: give exactly one vault NAME.</source>
        <translation>vault export-key：请只指定一个备份库 NAME。</translation>
    </message>
    <message>
        <source>vault export-key: --to %1 already exists; choose a new file.</source>
        <translation>vault export-key：--to %1 已存在；请选择一个新文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Wrote the recovery key of vault %1 to %2. Keep it safe and away from this machine.</source>
        <translation>已将备份库 %1 的恢复密钥写入 %2。请妥善保管，并存放在此计算机之外。</translation>
    </message>
    <message>
        <source>S3 multipart part size, 5MiB to 5GiB (default 8MiB); larger objects go up in parts.</source>
        <translation>S3 分段上传的分段大小，5MiB 到 5GiB（默认 8MiB）；更大的对象分段上传。</translation>
    </message>
    <message>
        <source>S3 requests at a time, 1 to 64 (default 4).</source>
        <translation>同时发出的 S3 请求数，1 到 64（默认 4）。</translation>
    </message>
    <message>
        <source>Bandwidth limit of the region per second, e.g. 20MB; 0 for unlimited.</source>
        <translation>该地域每秒的带宽上限，例如 20MB；0 表示不限。</translation>
    </message>
    <message>
        <source>%1: --part-size: %2</source>
        <translation>%1：--part-size：%2</translation>
    </message>
    <message>
        <source>%1: --max-requests must be a whole number from 1 to 64, not &apos;%2&apos;.</source>
        <translation>%1：--max-requests 必须是 1 到 64 之间的整数，而不是“%2”。</translation>
    </message>
    <message>
        <source>%1: --limit-rate: %2</source>
        <translation>%1：--limit-rate：%2</translation>
    </message>
    <message>
        <source>list, add, change, test or remove regions (storage endpoints)</source>
        <translation>列出、添加、修改、测试或移除地域（存储终端节点）</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli region list | add NAME … | set NAME … | test NAME | remove NAME [--yes]
Run &apos;crossvault-cli region SUBCOMMAND --help&apos; for details.</source>
        <translation>用法：crossvault-cli region list | add NAME … | set NAME … | test NAME | remove NAME [--yes]
运行“crossvault-cli region SUBCOMMAND --help”查看详情。</translation>
    </message>
    <message>
        <source>Changes what may change of a region: display name, provider, continent, price sheet, and an S3 region&apos;s transfer settings. Name, kind and location (endpoint, bucket, prefix) are fixed.</source>
        <translation>修改地域中可以修改的内容：显示名称、服务商、大洲、价格表，以及 S3 地域的传输设置。名称、类型和位置（终端节点、存储桶、前缀）不可更改。</translation>
    </message>
    <message>
        <source>Price sheet id such as gcp/us-west1; &quot;&quot; for none.</source>
        <translation>价格表 ID，例如 gcp/us-west1；&quot;&quot; 表示不使用。</translation>
    </message>
    <message>
        <source>region set: give exactly one region NAME.</source>
        <translation>region set：请只指定一个地域 NAME。</translation>
    </message>
    <message>
        <source>region set: give at least one of --display, --provider, --continent, --price-sheet, --part-size, --max-requests, --limit-rate.</source>
        <translation>region set：请至少指定 --display、--provider、--continent、--price-sheet、--part-size、--max-requests、--limit-rate 中的一项。</translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos;.</source>
        <translation>没有名为“%1”的地域。</translation>
    </message>
    <message>
        <source>region set: --part-size, --max-requests and --limit-rate apply to s3 regions only; &apos;%1&apos; is a local folder.</source>
        <translation>region set：--part-size、--max-requests 和 --limit-rate 仅适用于 S3 地域；“%1”是本地文件夹。</translation>
    </message>
    <message>
        <source>Region %1 changed.</source>
        <translation>地域 %1 已修改。</translation>
    </message>
    <message>
        <source>zstd level of the vault&apos;s data, 1 (fastest) to 19 (smallest); default %1.</source>
        <translation>备份库数据的 zstd 压缩级别，1（最快）到 19（最小）；默认 %1。</translation>
    </message>
    <message>
        <source>vault create: --compression-level must be a whole number from 1 to 19, not &apos;%1&apos;.</source>
        <translation>vault create：--compression-level 必须是 1 到 19 之间的整数，而不是“%1”。</translation>
    </message>
    <message>
        <source>Stop in this workspace even when the target&apos;s region cannot be written (a region lost for good); its storage then carries no stop mark.</source>
        <translation>即使无法写入目标地域（地域已永久丢失），也在此工作区中停止；此时其存储中不会留下停止标记。</translation>
    </message>
    <message>
        <source>Usage: crossvault-cli replication enable SOURCE_VAULT (--target VAULT | --create-target NAME --region R) | stop SOURCE_VAULT --target VAULT --yes | status [SOURCE_VAULT] | limit [N]
Run &apos;crossvault-cli replication SUBCOMMAND --help&apos; for details.</source>
        <translation>用法：crossvault-cli replication enable SOURCE_VAULT (--target VAULT | --create-target NAME --region R) | stop SOURCE_VAULT --target VAULT --yes | status [SOURCE_VAULT] | limit [N]
运行“crossvault-cli replication SUBCOMMAND --help”查看详情。</translation>
    </message>
    <message>
        <source>Shows or sets the workspace&apos;s limit of replication targets per region (default 5). A lower limit refuses new targets only; existing links stay.</source>
        <translation>显示或设置工作区中每个地域的复制目标数量上限（默认 5）。降低上限只会拒绝新的目标；现有的复制关系保持不变。</translation>
    </message>
    <message>
        <source>The new limit (at least 1).</source>
        <translation>新的上限（至少为 1）。</translation>
    </message>
    <message>
        <source>replication limit: give at most one number.</source>
        <translation>replication limit：最多只能给出一个数字。</translation>
    </message>
    <message>
        <source>replication limit: &apos;%1&apos; is not a whole number.</source>
        <translation>replication limit：“%1”不是整数。</translation>
    </message>
    <message>
        <source>At most %1 replication target(s) per region.</source>
        <translation>每个地域最多 %1 个复制目标。</translation>
    </message>
    <message>
        <source>--limit-rate must be a size per second such as 20MB, not &apos;%1&apos;.</source>
        <translation>--limit-rate 必须是每秒的大小，例如 20MB，而不是“%1”。</translation>
    </message>
    <message>
        <source>Replication from %1 to %2 was already stopped; %2 is a standalone vault and its storage says so.</source>
        <translation>从 %1 到 %2 的复制此前已停止；%2 是独立备份库，其存储中也已记录这一点。</translation>
    </message>
    <message>
        <source>warning: no stop mark was written into %1: %2</source>
        <translation>警告：未向 %1 写入停止标记：%2</translation>
    </message>
    <message>
        <source>warning: the target&apos;s region could not be written (%1): a workspace that imports %2 later will see a replication target, not a standalone vault. Run this stop again when the region is reachable to mark it.</source>
        <translation>警告：无法写入目标地域（%1）：之后导入 %2 的工作区会将其视为复制目标，而非独立备份库。请在该地域可访问时再次执行停止以写入标记。</translation>
    </message>
    <message>
        <source>Replication from %1 to %2 was already stopped.</source>
        <translation>从 %1 到 %2 的复制此前已停止。</translation>
    </message>
</context>
<context>
    <name>Continents</name>
    <message>
        <source>Africa</source>
        <translation>非洲</translation>
    </message>
    <message>
        <source>Antarctica</source>
        <translation>南极洲</translation>
    </message>
    <message>
        <source>Asia</source>
        <translation>亚洲</translation>
    </message>
    <message>
        <source>Europe</source>
        <translation>欧洲</translation>
    </message>
    <message>
        <source>North America</source>
        <translation>北美洲</translation>
    </message>
    <message>
        <source>Oceania</source>
        <translation>大洋洲</translation>
    </message>
    <message>
        <source>South America</source>
        <translation>南美洲</translation>
    </message>
</context>
<context>
    <name>CopyPreviewLabel</name>
    <message>
        <source>Estimating what the copy would move…</source>
        <translation>正在估算复制需要传输的数据量…</translation>
    </message>
    <message>
        <source>Could not estimate the copy: %1</source>
        <translation>无法估算复制：%1</translation>
    </message>
    <message>
        <source>There is no point to copy yet; later points are copied after each backup.</source>
        <translation>暂无可复制的备份点；之后的备份点会在每次备份后复制。</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s): %1 would move (%2 already there after dedup); the target grows by %3.</source>
        <translation>
            <numerusform>%n 个备份点：将传输 %1（去重后已存在 %2）；目标增长 %3。</numerusform>
        </translation>
    </message>
    <message>
        <source>Price: transfer %1 %2, storage %3 %2 per month.</source>
        <translation>价格：传输 %1 %2，存储每月 %3 %2。</translation>
    </message>
    <message>
        <source>Price: %1.</source>
        <translation>价格：%1。</translation>
    </message>
    <message>
        <source>This is an upper bound: enter the passphrase to count only what the point(s) use.</source>
        <translation>这是上限：输入口令后只统计这些备份点实际使用的数据。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Core::Workspace</name>
    <message>
        <source>The workspace %1 is a file, not a folder.</source>
        <translation>工作区 %1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>Cannot create the workspace folder %1.</source>
        <translation>无法创建工作区文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 of the default region %2.</source>
        <translation>无法创建默认地域 %2 的文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>Cost</name>
    <message>
        <source>%1: &apos;%2&apos; is not an amount; use a non-negative decimal with at most six decimals, such as &quot;0.02&quot;.</source>
        <translation>%1：“%2”不是金额；请使用不超过六位小数的非负十进制数，例如 &quot;0.02&quot;。</translation>
    </message>
</context>
<context>
    <name>Cost::CostEngine</name>
    <message>
        <source>unknown price sheet region &apos;%1&apos; (see &apos;price list&apos;).</source>
        <translation>未知的价格表地域“%1”（参见“price list”）。</translation>
    </message>
    <message>
        <source>1 GB = 10^9 bytes; a month is 730 hours; prices from the sheets&apos; sources, rounded to the cent only for display.</source>
        <translation>1 GB = 10^9 字节；一个月为 730 小时；价格取自各价格表的来源，仅在显示时四舍五入到分。</translation>
    </message>
    <message>
        <source>Example prices (not from a published list) for: %1.</source>
        <translation>示例价格（并非来自公开的价目表），适用于：%1。</translation>
    </message>
    <message>
        <source>must be between 0 bytes and 100 PB.</source>
        <translation>必须介于 0 字节到 100 PB 之间。</translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; or &apos;%2&apos;, field priceSheet: %3</source>
        <translation>地域“%1”或“%2”，字段 priceSheet：%3</translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; has no price sheet (a local folder?): the copy is priced at 0.</source>
        <translation>地域“%1”没有价格表（本地文件夹？）：复制按 0 计价。</translation>
    </message>
    <message>
        <source>must be a time after the month&apos;s start.</source>
        <translation>必须是本月开始之后的时间。</translation>
    </message>
    <message>
        <source>must not be negative.</source>
        <translation>不能为负数。</translation>
    </message>
    <message>
        <source>no price sheet (local region): cost 0</source>
        <translation>无价格表（本地地域）：费用为 0</translation>
    </message>
    <message>
        <source>priced in %1, not added to the %2 total</source>
        <translation>以 %1 计价，未计入 %2 总计</translation>
    </message>
    <message>
        <source>copy between unpriced regions: cost 0</source>
        <translation>未计价地域之间的复制：费用为 0</translation>
    </message>
    <message>
        <source>transfer priced in %1, not added to the %2 total</source>
        <translation>传输以 %1 计价，未计入 %2 总计</translation>
    </message>
    <message>
        <source>must be more than 0 bytes and at most 100 PB.</source>
        <translation>必须大于 0 字节且不超过 100 PB。</translation>
    </message>
    <message>
        <source>must be between 0% and 100% a day.</source>
        <translation>必须介于每天 0% 到 100% 之间。</translation>
    </message>
    <message>
        <source>must be between 0.1 and 1000 (logical size : stored size).</source>
        <translation>必须介于 0.1 到 1000 之间（逻辑大小 : 存储大小）。</translation>
    </message>
    <message>
        <source>must be between 1 hour and 366 days.</source>
        <translation>必须介于 1 小时到 366 天之间。</translation>
    </message>
    <message>
        <source>must be between 1 and %1 days.</source>
        <translation>必须介于 1 到 %1 天之间。</translation>
    </message>
    <message>
        <source>must be between 1 and %1.</source>
        <translation>必须介于 1 到 %1 之间。</translation>
    </message>
    <message>
        <source>name the source&apos;s price sheet region.</source>
        <translation>请指定源的价格表地域。</translation>
    </message>
    <message>
        <source>name at least one copy region (or include the source region).</source>
        <translation>请至少指定一个复制地域（或包含源地域）。</translation>
    </message>
    <message>
        <source>at most %1 copy regions.</source>
        <translation>最多 %1 个复制地域。</translation>
    </message>
    <message>
        <source>a copy region is empty.</source>
        <translation>有一个复制地域为空。</translation>
    </message>
    <message>
        <source>is the source region; copies go to other regions.</source>
        <translation>是源地域；副本应发往其他地域。</translation>
    </message>
    <message>
        <source>is named twice.</source>
        <translation>被指定了两次。</translation>
    </message>
    <message>
        <source>retention must be between 1 and %1 days.</source>
        <translation>保留期必须介于 1 到 %1 天之间。</translation>
    </message>
    <message>
        <source>is priced in %1 but the source region in %2; edit one sheet so both use the same currency.</source>
        <translation>以 %1 计价，而源地域以 %2 计价；请修改其中一个价格表，使两者使用相同的货币。</translation>
    </message>
</context>
<context>
    <name>Cost::PriceCatalog</name>
    <message>
        <source>%1 line %2, field %3: %4</source>
        <translation>%1 第 %2 行，字段 %3：%4</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is missing.</source>
        <translation>缺少“%1”。</translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation>必须是字符串。</translation>
    </message>
    <message>
        <source>must be an object such as {&quot;price&quot;: &quot;0.02&quot;}.</source>
        <translation>必须是对象，例如 {&quot;price&quot;: &quot;0.02&quot;}。</translation>
    </message>
    <message>
        <source>&apos;price&apos; is missing.</source>
        <translation>缺少“price”。</translation>
    </message>
    <message>
        <source>must be a decimal amount such as &quot;0.02&quot;.</source>
        <translation>必须是十进制金额，例如 &quot;0.02&quot;。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a non-negative amount with at most six decimals.</source>
        <translation>“%1”不是不超过六位小数的非负金额。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a sheet id; use provider/region in lower case, e.g. gcp/us-west1.</source>
        <translation>“%1”不是价格表 ID；请使用小写的“服务商/地域”格式，例如 gcp/us-west1。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not match the id&apos;s provider &apos;%2&apos;.</source>
        <translation>“%1”与 ID 中的服务商“%2”不一致。</translation>
    </message>
    <message>
        <source>must not be empty.</source>
        <translation>不能为空。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an ISO 4217 code such as USD.</source>
        <translation>“%1”不是 ISO 4217 货币代码（例如 USD）。</translation>
    </message>
    <message>
        <source>must be true or false.</source>
        <translation>必须是 true 或 false。</translation>
    </message>
    <message>
        <source>must be &quot;GB-month&quot; or &quot;GB-hour&quot;.</source>
        <translation>必须是 &quot;GB-month&quot; 或 &quot;GB-hour&quot;。</translation>
    </message>
    <message>
        <source>&apos;transfer&apos; is missing.</source>
        <translation>缺少“transfer”。</translation>
    </message>
    <message>
        <source>must be an object with sameContinent and otherContinent.</source>
        <translation>必须是包含 sameContinent 和 otherContinent 的对象。</translation>
    </message>
    <message>
        <source>must be a list of {&quot;to&quot;: id, &quot;price&quot;: amount}.</source>
        <translation>必须是 {&quot;to&quot;: id, &quot;price&quot;: amount} 的列表。</translation>
    </message>
    <message>
        <source>must be an object {&quot;to&quot;: id, &quot;price&quot;: amount}.</source>
        <translation>必须是对象 {&quot;to&quot;: id, &quot;price&quot;: amount}。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a sheet id.</source>
        <translation>“%1”不是价格表 ID。</translation>
    </message>
    <message>
        <source>Cannot read price file %1: %2</source>
        <translation>无法读取价格文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot write price file %1: %2</source>
        <translation>无法写入价格文件 %1：%2</translation>
    </message>
    <message>
        <source>%1 line %2: not valid JSON (%3).</source>
        <translation>%1 第 %2 行：不是有效的 JSON（%3）。</translation>
    </message>
    <message>
        <source>the file must hold an object {&quot;version&quot;: 1, &quot;sheets&quot;: [...]}.</source>
        <translation>文件必须包含对象 {&quot;version&quot;: 1, &quot;sheets&quot;: [...]}。</translation>
    </message>
    <message>
        <source>only version 1 is understood.</source>
        <translation>仅支持版本 1。</translation>
    </message>
    <message>
        <source>must be a list of price sheets.</source>
        <translation>必须是价格表列表。</translation>
    </message>
    <message>
        <source>must be an object.</source>
        <translation>必须是对象。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; appears twice.</source>
        <translation>“%1”出现了两次。</translation>
    </message>
    <message>
        <source>price sheet</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>Price sheet &apos;%1&apos; has no workspace edit.</source>
        <translation>价格表“%1”没有工作区修改。</translation>
    </message>
    <message>
        <source>No price sheet &apos;%1&apos;.</source>
        <translation>没有价格表“%1”。</translation>
    </message>
</context>
<context>
    <name>Cost::UsageCollector</name>
    <message>
        <source>No vault named &apos;%1&apos;.</source>
        <translation>没有名为“%1”的备份库。</translation>
    </message>
</context>
<context>
    <name>CostBreakdownModel</name>
    <message>
        <source>Total (1 month)</source>
        <translation>总计（1 个月）</translation>
    </message>
    <message>
        <source>Total (%1 months)</source>
        <translation>总计（%1 个月）</translation>
    </message>
    <message>
        <source>%1 (source)</source>
        <translation>%1（源）</translation>
    </message>
    <message>
        <source>%1 per GB (%2)</source>
        <translation>每 GB %1（%2）</translation>
    </message>
    <message>
        <source>%1 per GB-month; %2 bytes stored once retention (%3 days) has filled</source>
        <translation>每 GB·月 %1；保留期（%3 天）填满后存储 %2 字节</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
</context>
<context>
    <name>CostsPage</name>
    <message>
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>What will keeping backups and copies cost? Enter the source and the copy regions; the breakdown and the 12-month projection follow as you type. Prices come from the price sheets (1 GB = 10^9 bytes; a month is 730 hours, so GB-hour prices are normalised to GB-months).</source>
        <translation>保留备份和副本需要多少费用？输入源地域和复制地域，费用明细和 12 个月预测会随输入实时更新。价格来自价格表（1 GB = 10^9 字节；一个月为 730 小时，因此按 GB·小时计的价格会换算为 GB·月）。</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>Actual costs</source>
        <translation>实际费用</translation>
    </message>
    <message>
        <source> % a day</source>
        <translation> %/天</translation>
    </message>
    <message>
        <source> : 1</source>
        <translation> : 1</translation>
    </message>
    <message>
        <source>Dedup and compression: logical size divided by stored size (measured by a vault, or assumed).</source>
        <translation>去重和压缩：逻辑大小除以存储大小（由备份库实测或假定）。</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>每小时</translation>
    </message>
    <message>
        <source>Every 6 hours</source>
        <translation>每 6 小时</translation>
    </message>
    <message>
        <source>Every 12 hours</source>
        <translation>每 12 小时</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> month(s)</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Months summed into the breakdown; the chart always shows at least 12.</source>
        <translation>计入明细的月数；图表始终至少显示 12 个月。</translation>
    </message>
    <message>
        <source>Also price the source region&apos;s storage</source>
        <translation>同时计算源地域的存储费用</translation>
    </message>
    <message>
        <source>Copy region</source>
        <translation>复制地域</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保留期</translation>
    </message>
    <message>
        <source>Add copy region</source>
        <translation>添加复制地域</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Source size:</source>
        <translation>源大小：</translation>
    </message>
    <message>
        <source>Change rate:</source>
        <translation>变化率：</translation>
    </message>
    <message>
        <source>Dedup + compression:</source>
        <translation>去重 + 压缩：</translation>
    </message>
    <message>
        <source>Backup frequency:</source>
        <translation>备份频率：</translation>
    </message>
    <message>
        <source>Source retention:</source>
        <translation>源保留期：</translation>
    </message>
    <message>
        <source>Source region:</source>
        <translation>源地域：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>计费时长：</translation>
    </message>
    <message>
        <source>1 GB = 10^9 bytes, as providers bill. A month is 730 hours.</source>
        <translation>1 GB = 10^9 字节，与云服务商计费方式一致。一个月为 730 小时。</translation>
    </message>
    <message>
        <source>Price sheets…</source>
        <translation>价格表…</translation>
    </message>
    <message>
        <source>Copy regions, each with its own retention:</source>
        <translation>复制地域，各自有独立的保留期：</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>备份库</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Price sheet</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Source size: %1</source>
        <translation>源大小：%1</translation>
    </message>
    <message>
        <source>Source size</source>
        <translation>源大小</translation>
    </message>
    <message>
        <source>Change rate</source>
        <translation>变化率</translation>
    </message>
    <message>
        <source>Dedup + compression</source>
        <translation>去重 + 压缩</translation>
    </message>
    <message>
        <source>Backup frequency</source>
        <translation>备份频率</translation>
    </message>
    <message>
        <source>Source retention</source>
        <translation>源保留期</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>计费时长</translation>
    </message>
    <message>
        <source>Source region</source>
        <translation>源地域</translation>
    </message>
    <message>
        <source>Copy regions</source>
        <translation>复制地域</translation>
    </message>
    <message>
        <source>%1 keeps %2 once retention (%3 days) has filled, %4 a month</source>
        <translation>%1 在保留期（%3 天）填满后保存 %2，每月 %4</translation>
    </message>
    <message>
        <source>Actual costs are unavailable: %1</source>
        <translation>无法获取实际费用：%1</translation>
    </message>
    <message>
        <source>No vaults yet: nothing is stored, so nothing is charged this month.</source>
        <translation>还没有备份库：没有存储任何数据，因此本月没有费用。</translation>
    </message>
    <message>
        <source>Month to date (%1 hours since %2 UTC): storage %3, transfer %4, total %5.</source>
        <translation>本月至今（自 %2 UTC 起 %1 小时）：存储 %3，传输 %4，总计 %5。</translation>
    </message>
    <message>
        <source>Nothing to export: the estimate is empty.</source>
        <translation>无可导出的内容：估算为空。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Exported the estimate to %1.</source>
        <translation>已将估算导出到 %1。</translation>
    </message>
    <message>
        <source>Cannot write the chart to %1.</source>
        <translation>无法将图表写入 %1。</translation>
    </message>
    <message>
        <source>Saved the chart to %1.</source>
        <translation>已将图表保存到 %1。</translation>
    </message>
    <message>
        <source>Export estimate</source>
        <translation>导出估算</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
</context>
<context>
    <name>CreateReplicaDialog</name>
    <message>
        <source>&amp;Keep until deleted</source>
        <translation>保留至删除(&amp;K)</translation>
    </message>
    <message>
        <source>E&amp;xpire after</source>
        <translation>指定天数后过期(&amp;X)</translation>
    </message>
    <message>
        <source>Create replica</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Optional, e.g. audit-2026</source>
        <translation>可选，例如 audit-2026</translation>
    </message>
    <message>
        <source>Optional: why this copy is kept (at most 255 characters)</source>
        <translation>可选：保留此副本的原因（最多 255 个字符）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>C&amp;reate replica</source>
        <translation>创建副本(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>过期时间：</translation>
    </message>
    <message>
        <source>&amp;Passphrase of %1:</source>
        <translation>%1 的口令(&amp;P)：</translation>
    </message>
    <message>
        <source>What the copy moves</source>
        <translation>复制传输的数据</translation>
    </message>
    <message>
        <source>the point&apos;s own region</source>
        <translation>备份点所在的地域</translation>
    </message>
    <message>
        <source>already holds a replica of this point (vault %1); at most one per region</source>
        <translation>已有此备份点的副本（备份库 %1）；每个地域最多一个</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Not available — %1</source>
        <translation>不可用 — %1</translation>
    </message>
    <message>
        <source>Every other region already holds a replica of point %1.</source>
        <translation>其他所有地域都已有备份点 %1 的副本。</translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; is not valid: use 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos; (no spaces).</source>
        <translation>名称“%1”无效：请使用 1 到 64 个字母、数字、“_”或“-”（不含空格）。</translation>
    </message>
    <message>
        <source>The description has %1 characters; at most 255 are allowed.</source>
        <translation>描述有 %1 个字符；最多允许 255 个。</translation>
    </message>
    <message>
        <source>Preparing the copy…</source>
        <translation>正在准备复制…</translation>
    </message>
    <message>
        <source>Enter the passphrase of %1: the replica uses the same key.</source>
        <translation>请输入 %1 的口令：副本使用相同的密钥。</translation>
    </message>
    <message>
        <source>Copies point %1 of %2 (made %3) to each region ticked below as it is stored: encrypted, deduplicated against what each destination already holds.</source>
        <translation>将 %2 的备份点 %1（创建于 %3）按存储原样复制到下方勾选的每个地域：保持加密，并针对各目标已有的数据去重。</translation>
    </message>
    <message>
        <source>Destination &amp;regions:</source>
        <translation>目标地域(&amp;R)：</translation>
    </message>
    <message>
        <source>%1 is the replication target of %2 in region %3: the copy there follows the expiry of point %4 in %2, like every point replication copies there.</source>
        <translation>%1 是 %2 在地域 %3 的复制目标：复制到那里的副本沿用 %2 中备份点 %4 的过期时间，与复制同步到那里的所有备份点相同。</translation>
    </message>
    <message>
        <source>Choose at least one destination region.</source>
        <translation>请至少选择一个目标地域。</translation>
    </message>
    <message>
        <source>Tick at least one destination region that holds no replica of this point yet.</source>
        <translation>请至少勾选一个尚无此备份点副本的目标地域。</translation>
    </message>
</context>
<context>
    <name>CreateVaultDialog</name>
    <message>
        <source>&amp;Managed key</source>
        <translation>托管密钥(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Customer key (passphrase)</source>
        <translation>客户密钥（口令）(&amp;C)</translation>
    </message>
    <message>
        <source>Create vault</source>
        <translation>创建备份库</translation>
    </message>
    <message>
        <source>e.g. finance-db</source>
        <translation>例如 finance-db</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;; unique in this workspace</source>
        <translation>字母、数字、“-”和“_”；在此工作区内唯一</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Optional: what this vault keeps</source>
        <translation>可选：此备份库保存的内容</translation>
    </message>
    <message>
        <source>Optional: e.g. production</source>
        <translation>可选：例如 production</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>地域(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation>确认口令(&amp;F)：</translation>
    </message>
    <message>
        <source>Only your passphrase opens this vault. Crossvault does not keep it: if you lose it, the backups in this vault cannot be restored by anyone.</source>
        <translation>只有您的口令能打开此备份库。Crossvault 不保存口令：一旦丢失，任何人都无法恢复此备份库中的备份。</translation>
    </message>
    <message>
        <source>Crossvault keeps the key in this workspace. Export the recovery key afterwards, so that the vault can be opened if this workspace is lost.</source>
        <translation>Crossvault 将密钥保存在此工作区中。请随后导出恢复密钥，以便在此工作区丢失时仍能打开备份库。</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>正在创建备份库…</translation>
    </message>
    <message>
        <source>Enter a name for the vault.</source>
        <translation>请输入备份库名称。</translation>
    </message>
    <message>
        <source>Choose the region the vault keeps its data in (add one on the Regions page first).</source>
        <translation>请选择备份库存放数据的地域（请先在“地域”页面添加地域）。</translation>
    </message>
    <message>
        <source>Enter the passphrase that will protect the vault.</source>
        <translation>请输入用于保护备份库的口令。</translation>
    </message>
    <message>
        <source>The passphrase and its confirmation differ; type the same passphrase twice.</source>
        <translation>口令与确认口令不一致；请两次输入相同的口令。</translation>
    </message>
    <message>
        <source>zstd level of the vault&apos;s data: 1 is fastest, 19 is smallest. Fixed when the vault is created; data that does not compress is stored as it is.</source>
        <translation>备份库数据的 zstd 压缩级别：1 最快，19 最小。创建备份库时确定；无法压缩的数据按原样存储。</translation>
    </message>
    <message>
        <source>Compre&amp;ssion level:</source>
        <translation>压缩级别(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>JobModel</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Partly succeeded</source>
        <translation>部分成功</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 — %2 of %3</source>
        <translation>%1 — %2 / %3</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>备份库</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父任务</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1 read, %2 new</source>
        <translation>
            <numerusform>%n 个文件，读取 %1，新增 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n skipped (see the job&apos;s result)</source>
        <translation>
            <numerusform>；跳过 %n 个（见任务结果）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1 into %2</source>
        <translation>
            <numerusform>%n 个文件，%1，恢复到 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>发现 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>No problems; data read and authenticated</source>
        <translation>没有问题；数据已读取并通过认证</translation>
    </message>
    <message>
        <source>No problems in the structure</source>
        <translation>结构没有问题</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) to %1: %2 sent, %3 already there</source>
        <translation>
            <numerusform>%n 个备份点到 %1：发送 %2，已存在 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>↳ %1 after #%2</source>
        <translation>↳ %1（在 #%2 之后）</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>JobProgressPanel</name>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the job; a cancelled backup leaves no point behind</source>
        <translation>停止任务；已取消的备份不会留下备份点</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Waiting for other jobs on this vault…</source>
        <translation>正在等待此备份库上的其他任务…</translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>扫描中</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>读取中</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>存储中</translation>
    </message>
    <message>
        <source>Finalising</source>
        <translation>收尾中</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>恢复中</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>校验中</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 of %2 files</source>
        <translation>%1 / %2 个文件</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>Stop this job only; the jobs shown after it go on</source>
        <translation>仅停止此作业；其后显示的作业继续运行</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Cancelled before it started.</source>
        <translation>在开始前已取消。</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>There is no job with id %1 (see &apos;jobs list&apos;).</source>
        <translation>没有 ID 为 %1 的任务（参见“jobs list”）。</translation>
    </message>
    <message>
        <source>Interrupted: the process that ran this job (pid %1) ended before it finished.</source>
        <translation>已中断：运行此任务的进程（pid %1）在任务完成前已结束。</translation>
    </message>
    <message>
        <source>Job %1 runs in another process; chain onto it from there.</source>
        <translation>任务 %1 在另一个进程中运行；请在该进程中为其链接后续任务。</translation>
    </message>
    <message>
        <source>Not run: its parent job %1 ended %2.</source>
        <translation>未运行：其父任务 %1 已结束（%2）。</translation>
    </message>
    <message>
        <source>Job %1 has already finished (%2); there is nothing to cancel.</source>
        <translation>任务 %1 已结束（%2）；没有可取消的内容。</translation>
    </message>
</context>
<context>
    <name>Jobs::BackupJob</name>
    <message>
        <source>Backup of %1 into vault &apos;%2&apos;: </source>
        <translation>将 %1 备份到备份库“%2”：</translation>
    </message>
    <message>
        <source>Point %1 is stored in the vault but the catalog could not record it: </source>
        <translation>备份点 %1 已存储到备份库，但目录库无法记录它：</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be backed up.</source>
        <translation>
            <numerusform>%n 个文件无法备份。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::CheckJob</name>
    <message>
        <source>Check of vault &apos;%1&apos;: </source>
        <translation>校验备份库“%1”：</translation>
    </message>
    <message numerus="yes">
        <source>Vault &apos;%1&apos; is damaged: %n missing or corrupt object(s); first: %2: %3</source>
        <translation>
            <numerusform>备份库“%1”已损坏：%n 个对象缺失或损坏；第一个：%2：%3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::RestoreJob</name>
    <message>
        <source>Restore of point %1: </source>
        <translation>恢复备份点 %1：</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) were restored with problems.</source>
        <translation>
            <numerusform>%n 个项目在恢复时出现问题。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::VaultJob</name>
    <message>
        <source>Cannot create the lock folder %1.</source>
        <translation>无法创建锁文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot take the lock of vault &apos;%1&apos; in %2.</source>
        <translation>无法获取 %2 中备份库“%1”的锁。</translation>
    </message>
    <message>
        <source>Cancelled while waiting for another job on vault &apos;%1&apos;.</source>
        <translation>在等待备份库“%1”上的其他任务时已取消。</translation>
    </message>
</context>
<context>
    <name>JobsPage</name>
    <message>
        <source>&amp;Cancel job</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Stop the selected queued or running job</source>
        <translation>停止所选的排队中或运行中的任务</translation>
    </message>
    <message>
        <source>Re-read the jobs from the catalog, including those of crossvault-cli</source>
        <translation>从目录库重新读取任务，包括 crossvault-cli 的任务</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Backups, restores and checks run as jobs: one at a time per vault, different vaults in parallel. Progress updates live; a cancelled job stops at its next step and leaves no half-made point.</source>
        <translation>备份、恢复和校验都作为任务运行：同一备份库一次一个，不同备份库并行。进度实时更新；取消的任务会在下一步停止，不留下半成品备份点。</translation>
    </message>
    <message>
        <source>Job %1 was not cancelled: %2</source>
        <translation>任务 %1 未取消：%2</translation>
    </message>
    <message>
        <source>Job %1 is being cancelled; it stops at its next step.</source>
        <translation>正在取消任务 %1；它将在下一步停止。</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <source>The desktop keyring did not answer within %1 seconds.</source>
        <translation>桌面密钥环未在 %1 秒内响应。</translation>
    </message>
    <message>
        <source>The desktop keyring has no such entry.</source>
        <translation>桌面密钥环中没有此条目。</translation>
    </message>
    <message>
        <source>The desktop keyring refused access: %1</source>
        <translation>桌面密钥环拒绝访问：%1</translation>
    </message>
    <message>
        <source>No desktop keyring is available: %1</source>
        <translation>没有可用的桌面密钥环：%1</translation>
    </message>
    <message>
        <source>This build of Crossvault has no keyring support.</source>
        <translation>此版本的 Crossvault 不支持密钥环。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Crossvault — %1</source>
        <translation>Crossvault — %1</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reload from catalog</source>
        <translation>从目录库重新加载(&amp;R)</translation>
    </message>
    <message>
        <source>Re-read the workspace&apos;s catalog, e.g. after crossvault-cli changed it</source>
        <translation>重新读取工作区的目录库，例如在 crossvault-cli 修改它之后</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Crossvault</source>
        <translation>关于 Crossvault(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>工作区：%1</translation>
    </message>
    <message>
        <source>Regions: %1</source>
        <translation>地域：%1</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes the next time Crossvault starts.</source>
        <translation>语言将在下次启动 Crossvault 时更改。</translation>
    </message>
    <message>
        <source>About Crossvault</source>
        <translation>关于 Crossvault</translation>
    </message>
    <message>
        <source>Crossvault %1</source>
        <translation>Crossvault %1</translation>
    </message>
    <message>
        <source>A console for cross-region backup: deduplicated, encrypted vaults in several regions, with copies between them.

Workspace: %1
Qt %2</source>
        <translation>跨地域备份控制台：在多个地域中提供去重、加密的备份库，并可在它们之间复制。

工作区：%1
Qt %2</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Replication…</source>
        <translation>复制(&amp;R)…</translation>
    </message>
    <message>
        <source>Replication settings</source>
        <translation>复制设置</translation>
    </message>
    <message>
        <source>The limit was not changed.</source>
        <translation>上限未修改。</translation>
    </message>
    <message numerus="yes">
        <source>At most %n replication target(s) per region from now on.</source>
        <translation>
            <numerusform>从现在起每个地域最多 %n 个复制目标。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Close this message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Crossvault keeps backups of your folders and databases in several regions, so that losing one place — a disk, an office, a data centre — loses nothing.</source>
        <translation>Crossvault 将您的文件夹和数据库备份保存在多个地域中，即使失去一个地点（一块磁盘、一间办公室、一个数据中心）也不会丢失任何数据。</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Continents</source>
        <translation>大洲</translation>
    </message>
    <message>
        <source>Storage kinds</source>
        <translation>存储类型</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Catalog:</source>
        <translation>目录库：</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>命令行：</translation>
    </message>
    <message>
        <source>What to do next</source>
        <translation>后续步骤</translation>
    </message>
    <message>
        <source>Manage regions…</source>
        <translation>管理地域…</translation>
    </message>
    <message>
        <source>Add a region to start.</source>
        <translation>添加一个地域以开始使用。</translation>
    </message>
    <message>
        <source>Backups can be copied between any two of them.</source>
        <translation>备份可以在其中任意两个地域之间复制。</translation>
    </message>
    <message>
        <source>Add a region on another continent to survive a regional outage.</source>
        <translation>在另一个大洲添加地域，以便在发生地域级故障时数据不受影响。</translation>
    </message>
    <message>
        <source>Local folders: %1 · S3 buckets: %2</source>
        <translation>本地文件夹：%1 · S3 存储桶：%2</translation>
    </message>
    <message>
        <source>Protected</source>
        <translation>受保护数据</translation>
    </message>
    <message>
        <source>Cross-region copies</source>
        <translation>跨地域副本</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <source>Open vaults…</source>
        <translation>打开备份库…</translation>
    </message>
    <message>
        <source>Estimate costs…</source>
        <translation>估算费用…</translation>
    </message>
    <message>
        <source>No vault yet.</source>
        <translation>还没有备份库。</translation>
    </message>
    <message numerus="yes">
        <source>%n backup point(s); </source>
        <translation>
            <numerusform>%n 个备份点；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 stored in %n vault(s) after dedup and compression.</source>
        <translation>
            <numerusform>经去重和压缩后，%n 个备份库中共存储 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>No vault replicates to another region yet.</source>
        <translation>还没有备份库复制到其他地域。</translation>
    </message>
    <message numerus="yes">
        <source>Active replication(s) into %n target vault(s).</source>
        <translation>
            <numerusform>正在复制到 %n 个目标备份库。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) failed in the last 24 hours.</source>
        <translation>
            <numerusform>过去 24 小时内有 %n 个任务失败。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) without an exported recovery key.</source>
        <translation>
            <numerusform>%n 个备份库尚未导出恢复密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) queued or running.</source>
        <translation>
            <numerusform>%n 个任务正在排队或运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing: no failed jobs, every recovery key exported.</source>
        <translation>无：没有失败的任务，所有恢复密钥均已导出。</translation>
    </message>
    <message>
        <source>Create a vault in one of your regions on the Vaults page. Keep its recovery key somewhere safe.</source>
        <translation>在“备份库”页面中，于您的某个地域创建备份库，并将其恢复密钥存放在安全的地方。</translation>
    </message>
    <message>
        <source>Back up a folder or an SQLite database into your vault.</source>
        <translation>将文件夹或 SQLite 数据库备份到您的备份库。</translation>
    </message>
    <message>
        <source>Configure replication of a vault to a region on another continent, so a lost region loses nothing.</source>
        <translation>配置将备份库复制到另一个大洲的地域，这样即使失去一个地域也不会丢失任何数据。</translation>
    </message>
    <message>
        <source>Export the recovery key of every managed-key vault: without it, a copy in another region cannot be opened.</source>
        <translation>导出每个托管密钥备份库的恢复密钥：没有它，就无法打开位于其他地域的副本。</translation>
    </message>
    <message>
        <source>Add a region for every place that should hold a copy: another disk, a NAS mount or an S3 bucket.</source>
        <translation>为每个应保存副本的地点添加地域：另一块磁盘、NAS 挂载点或 S3 存储桶。</translation>
    </message>
    <message>
        <source>Estimate what storage and cross-region transfer will cost on the Costs page before turning copies on.</source>
        <translation>开启复制前，请先在“费用”页面估算存储和跨地域传输的费用。</translation>
    </message>
</context>
<context>
    <name>PageFactory</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation>备份库</translation>
    </message>
    <message>
        <source>Vaults hold your backups inside a region: deduplicated, compressed and encrypted. This page will list them with their region, encryption, size and restore points, and create, import and delete them.</source>
        <translation>备份库在地域内保存您的备份：去重、压缩并加密。此页面将列出备份库及其地域、加密方式、大小和备份点，并支持创建、导入和删除备份库。</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>This page will back up a folder or an SQLite database into a vault, browse the restore points of every vault, restore files from them and copy them to other regions.</source>
        <translation>此页面将用于把文件夹或 SQLite 数据库备份到备份库、浏览每个备份库的备份点、从中恢复文件，以及将其复制到其他地域。</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Policies will run backups on a schedule (weekdays and a time window), keep restore points for a retention period, and copy them to other regions automatically.</source>
        <translation>策略将按计划（工作日和时间窗口）运行备份，在保留期内保留备份点，并自动将其复制到其他地域。</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Backups, copies and checks run as jobs. This page will show running and finished jobs with their progress, and cancel or retry them.</source>
        <translation>备份、复制和校验都作为任务运行。此页面将显示正在运行和已完成的任务及其进度，并可取消或重试任务。</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>This page will estimate what storing and transferring your backups costs in each region, from the regions&apos; price sheets, before you create a copy.</source>
        <translation>此页面将在您创建副本之前，根据各地域的价格表估算在每个地域存储和传输备份的费用。</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>The activity log will record what happened in this workspace: backups, copies, restores, deletions and failures, with who or which policy started them.</source>
        <translation>活动日志将记录此工作区中发生的事件：备份、复制、恢复、删除和失败，以及由谁或哪个策略发起。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of vault %1</source>
        <translation>备份库 %1 的口令</translation>
    </message>
    <message>
        <source>%1

Passphrase of vault %2:</source>
        <translation>%1

备份库 %2 的口令：</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page is not built yet.</source>
        <translation>此页面尚未完成。</translation>
    </message>
</context>
<context>
    <name>PointModel</name>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Replica</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Some files could not be read when this point was made; %1 were skipped.</source>
        <translation>创建此备份点时有些文件无法读取；已跳过 %1 个。</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>备份点</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源方式</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>存储层</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
</context>
<context>
    <name>PointSettingsDialog</name>
    <message>
        <source>&amp;Keep until deleted</source>
        <translation>保留直到删除(&amp;K)</translation>
    </message>
    <message>
        <source>E&amp;xpire at the end of</source>
        <translation>过期日期(&amp;X)</translation>
    </message>
    <message>
        <source>Tier and expiry of point %1</source>
        <translation>备份点 %1 的存储层与过期时间</translation>
    </message>
    <message>
        <source>Point %1 of vault %2, made %3 from %4 (%5).</source>
        <translation>备份库 %2 的备份点 %1，于 %3 由 %4 创建（%5）。</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准层</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档层</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>存储层(&amp;T)：</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>过期时间：</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions; copies of this point in replication targets are removed.</source>
        <translation>归档层备份点不会复制到其他地域；复制目标中该备份点的副本将被删除。</translation>
    </message>
    <message>
        <source>Standard-tier points are copied to the vault&apos;s replication targets.</source>
        <translation>标准层备份点会复制到该备份库的复制目标。</translation>
    </message>
    <message>
        <source>The point is deleted after this day; copies in replication targets follow.</source>
        <translation>该备份点在这一天之后删除；复制目标中的副本随之变化。</translation>
    </message>
    <message>
        <source>The point is kept until it is deleted; copies in replication targets follow.</source>
        <translation>该备份点一直保留直到被删除；复制目标中的副本随之变化。</translation>
    </message>
    <message>
        <source>It is locked: its expiry can move later, not earlier.</source>
        <translation>该备份点已锁定：过期时间只能推后，不能提前。</translation>
    </message>
    <message>
        <source>Point %1 is locked until %2: choose that day or later, or keep it until deleted.</source>
        <translation>备份点 %1 锁定至 %2：请选择该日或之后的日期，或保留直到删除。</translation>
    </message>
</context>
<context>
    <name>PriceSheetDialog</name>
    <message>
        <source>Price sheets</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>价格表：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Continent:</source>
        <translation>大洲：</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>货币：</translation>
    </message>
    <message>
        <source>Price per GB</source>
        <translation>每 GB 价格</translation>
    </message>
    <message>
        <source>Source and date</source>
        <translation>来源和日期</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>per GB-month</source>
        <translation>每 GB·月</translation>
    </message>
    <message>
        <source>per GB-hour (x 730 a month)</source>
        <translation>每 GB·小时（每月 x 730）</translation>
    </message>
    <message>
        <source>Transfer, same continent</source>
        <translation>传输（同大洲）</translation>
    </message>
    <message>
        <source>Transfer, other continent</source>
        <translation>传输（跨大洲）</translation>
    </message>
    <message>
        <source>Egress to other providers</source>
        <translation>流出到其他服务商</translation>
    </message>
    <message>
        <source>Restore (retrieval)</source>
        <translation>恢复（取回）</translation>
    </message>
    <message>
        <source>&amp;Save edit</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Reset to default</source>
        <translation>重置为默认值(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Prices are per GB = 10^9 bytes in the sheet&apos;s currency; a month is 730 hours.</source>
        <translation>价格以价格表货币按每 GB（10^9 字节）计；一个月为 730 小时。</translation>
    </message>
    <message>
        <source>Import price sheets</source>
        <translation>导入价格表</translation>
    </message>
    <message>
        <source>Price files (*.json)</source>
        <translation>价格文件 (*.json)</translation>
    </message>
    <message>
        <source>Export price sheets</source>
        <translation>导出价格表</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source> (example)</source>
        <translation>（示例）</translation>
    </message>
    <message>
        <source>edited in the console</source>
        <translation>已在控制台中修改</translation>
    </message>
    <message>
        <source>Storage price</source>
        <translation>存储价格</translation>
    </message>
    <message>
        <source>Egress</source>
        <translation>出网流量</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Saved your edit of %1.</source>
        <translation>已保存您对 %1 的修改。</translation>
    </message>
    <message>
        <source>%1 uses the shipped figures again.</source>
        <translation>%1 已恢复使用内置数值。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n price sheet(s).</source>
        <translation>
            <numerusform>已导入 %n 个价格表。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1 price sheets to %2.</source>
        <translation>已将 %1 个价格表导出到 %2。</translation>
    </message>
</context>
<context>
    <name>ProjectionChart</name>
    <message>
        <source>Projection, month by month</source>
        <translation>逐月预测</translation>
    </message>
    <message>
        <source>Point at a bar to see its value.</source>
        <translation>将鼠标指向柱形可查看其数值。</translation>
    </message>
    <message>
        <source>%1 storage</source>
        <translation>%1 存储</translation>
    </message>
    <message>
        <source>%1 transfer</source>
        <translation>%1 传输</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>%1, month %2: %3</source>
        <translation>%1，第 %2 个月：%3</translation>
    </message>
</context>
<context>
    <name>RegionDialog</name>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>e.g. nas-frankfurt (lower case, digits and dashes)</source>
        <translation>例如 nas-frankfurt（小写字母、数字和短横线）</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>显示名称(&amp;D)：</translation>
    </message>
    <message>
        <source>e.g. Frankfurt office NAS</source>
        <translation>例如 法兰克福办公室 NAS</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>服务商(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Continent:</source>
        <translation>大洲(&amp;C)：</translation>
    </message>
    <message>
        <source>Price &amp;sheet:</source>
        <translation>价格表(&amp;S)：</translation>
    </message>
    <message>
        <source>e.g. gcp/europe-west3; empty: no price</source>
        <translation>例如 gcp/europe-west3；留空：不计价</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>A local disk or NAS mount, e.g. /mnt/nas/crossvault</source>
        <translation>本地磁盘或 NAS 挂载点，例如 /mnt/nas/crossvault</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Created if missing. Crossvault checks that it can write there before saving.</source>
        <translation>不存在时会创建。保存前 Crossvault 会检查能否写入该位置。</translation>
    </message>
    <message>
        <source>Add region</source>
        <translation>添加地域</translation>
    </message>
    <message>
        <source>Edit region %1</source>
        <translation>编辑地域 %1</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Local folder or NAS mount</source>
        <translation>本地文件夹或 NAS 挂载点</translation>
    </message>
    <message>
        <source>The name, kind and location of an existing region cannot change.</source>
        <translation>已有地域的名称、类型和位置无法更改。</translation>
    </message>
    <message>
        <source>Choose the region&apos;s folder</source>
        <translation>选择地域的文件夹</translation>
    </message>
    <message>
        <source>Checking that %1 is reachable and writable…</source>
        <translation>正在检查 %1 是否可访问且可写…</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>终端节点(&amp;E)：</translation>
    </message>
    <message>
        <source>e.g. https://s3.eu-central-1.amazonaws.com</source>
        <translation>例如 https://s3.eu-central-1.amazonaws.com</translation>
    </message>
    <message>
        <source>&amp;Bucket:</source>
        <translation>存储桶(&amp;B)：</translation>
    </message>
    <message>
        <source>an existing bucket, e.g. acme-backups-eu</source>
        <translation>已有的存储桶，例如 acme-backups-eu</translation>
    </message>
    <message>
        <source>P&amp;refix:</source>
        <translation>前缀(&amp;R)：</translation>
    </message>
    <message>
        <source>optional folder inside the bucket, e.g. crossvault/</source>
        <translation>可选，存储桶内的文件夹，例如 crossvault/</translation>
    </message>
    <message>
        <source>Si&amp;gning region:</source>
        <translation>签名地域(&amp;G)：</translation>
    </message>
    <message>
        <source>us-east-1</source>
        <translation>us-east-1</translation>
    </message>
    <message>
        <source>&amp;Addressing:</source>
        <translation>寻址方式(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;CA bundle:</source>
        <translation>CA 证书包(&amp;C)：</translation>
    </message>
    <message>
        <source>optional PEM file for a self-hosted endpoint</source>
        <translation>可选，自建终端节点的 PEM 文件</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <source>Access &amp;key ID:</source>
        <translation>访问密钥 ID(&amp;K)：</translation>
    </message>
    <message>
        <source>e.g. AKIAIOSFODNN7EXAMPLE</source>
        <translation>例如 AKIAIOSFODNN7EXAMPLE</translation>
    </message>
    <message>
        <source>Secre&amp;t key:</source>
        <translation>秘密密钥(&amp;T)：</translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>The keys are kept in the workspace&apos;s secret store, never in the catalog, and are not shown again.</source>
        <translation>密钥保存在工作区的机密存储中，绝不写入目录库，且不会再次显示。</translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>测试连接(&amp;N)</translation>
    </message>
    <message>
        <source>Virtual-hosted: https://bucket.host/key (AWS and most clouds)</source>
        <translation>虚拟主机样式：https://bucket.host/key（AWS 及大多数云服务商）</translation>
    </message>
    <message>
        <source>Path-style: https://host/bucket/key (MinIO, Ceph, most self-hosted stores)</source>
        <translation>路径样式：https://host/bucket/key（MinIO、Ceph 及大多数自建存储）</translation>
    </message>
    <message>
        <source>S3-compatible bucket</source>
        <translation>兼容 S3 的存储桶</translation>
    </message>
    <message>
        <source>stored — leave blank to keep</source>
        <translation>已保存 — 留空则保持不变</translation>
    </message>
    <message>
        <source>missing — enter the key</source>
        <translation>缺失 — 请输入密钥</translation>
    </message>
    <message>
        <source>Endpoint, bucket and prefix of an existing region cannot change. Enter new keys only to replace the stored ones; they are tested before they are saved.</source>
        <translation>已有地域的终端节点、存储桶和前缀无法更改。仅在需要替换已保存的密钥时才输入新密钥；新密钥会在保存前经过测试。</translation>
    </message>
    <message>
        <source>Choose the CA bundle of the S3 endpoint</source>
        <translation>选择 S3 终端节点的 CA 证书包</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Access key ID: enter the access key ID of an account that may use the bucket.</source>
        <translation>访问密钥 ID：请输入有权使用该存储桶的账号的访问密钥 ID。</translation>
    </message>
    <message>
        <source>Secret key: enter the secret access key that belongs to the access key ID.</source>
        <translation>秘密密钥：请输入与该访问密钥 ID 对应的秘密访问密钥。</translation>
    </message>
    <message>
        <source>The keys of this region are missing from the workspace; enter both keys.</source>
        <translation>工作区中缺少此地域的密钥；请输入两个密钥。</translation>
    </message>
    <message>
        <source>new region</source>
        <translation>新地域</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Testing %1: writing, reading, listing and deleting a probe object…</source>
        <translation>正在测试 %1：写入、读取、列出并删除探测对象…</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1e7b34&quot;&gt;&amp;#10003; %1&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#1e7b34&quot;&gt;&amp;#10003; %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b3261e&quot;&gt;&amp;#10007; %1&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b3261e&quot;&gt;&amp;#10007; %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#6b7785&quot;&gt;… waiting for the store&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#6b7785&quot;&gt;… 正在等待存储响应&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b3261e&quot;&gt;Failed.&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#b3261e&quot;&gt;失败。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#1e7b34&quot;&gt;Works.&lt;/b&gt;</source>
        <translation>&lt;b style=&quot;color:#1e7b34&quot;&gt;工作正常。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Connection works: Crossvault wrote, read, listed and deleted a probe object in %1.</source>
        <translation>连接正常：Crossvault 已在 %1 中写入、读取、列出并删除了一个探测对象。</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Objects larger than this are uploaded in parts of this size (S3 multipart upload).</source>
        <translation>大于此大小的对象按此大小分段上传（S3 分段上传）。</translation>
    </message>
    <message>
        <source>How many requests Crossvault sends to this store at a time.</source>
        <translation>Crossvault 同时向该存储发送的请求数。</translation>
    </message>
    <message>
        <source> MB/s</source>
        <translation> MB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Upper bound of the bandwidth all transfers to and from this region share (1 MB = 10^6 bytes).</source>
        <translation>与该地域之间所有传输共享的带宽上限（1 MB = 10^6 字节）。</translation>
    </message>
    <message>
        <source>Part size:</source>
        <translation>分段大小：</translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation>并行请求数：</translation>
    </message>
    <message>
        <source>Bandwidth limit:</source>
        <translation>带宽上限：</translation>
    </message>
</context>
<context>
    <name>RegionModel</name>
    <message>
        <source>Local folder</source>
        <translation>本地文件夹</translation>
    </message>
    <message>
        <source>S3 bucket</source>
        <translation>S3 存储桶</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1
Location: %2</source>
        <translation>%1
位置：%2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Continent</source>
        <translation>大洲</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Price sheet</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1（位于 %2）</translation>
    </message>
    <message>
        <source>%1
Location: %2
Endpoint: %3
Signing region: %4
Addressing: %5</source>
        <translation>%1
位置：%2
终端节点：%3
签名地域：%4
寻址方式：%5</translation>
    </message>
    <message>
        <source>path-style</source>
        <translation>路径样式</translation>
    </message>
    <message>
        <source>virtual-hosted</source>
        <translation>虚拟主机样式</translation>
    </message>
    <message>
        <source>
CA bundle: %1</source>
        <translation>
CA 证书包：%1</translation>
    </message>
    <message>
        <source>
Bandwidth limit: %1 MB/s</source>
        <translation>
带宽上限：%1 MB/s</translation>
    </message>
    <message>
        <source>
Parallel requests: %1</source>
        <translation>
并行请求数：%1</translation>
    </message>
    <message>
        <source>
Part size: %1 MiB</source>
        <translation>
分段大小：%1 MiB</translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>A region named &apos;%1&apos; already exists.</source>
        <translation>名为“%1”的地域已存在。</translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos;.</source>
        <translation>没有名为“%1”的地域。</translation>
    </message>
    <message numerus="yes">
        <source>The region &apos;%1&apos; holds %n vault(s); delete or move them before removing the region.</source>
        <translation>
            <numerusform>地域“%1”中有 %n 个备份库；请先删除或移走它们，再移除该地域。</numerusform>
        </translation>
    </message>
    <message>
        <source>Local East (embedded default)</source>
        <translation>本地东部（内置默认）</translation>
    </message>
    <message>
        <source>Local West (embedded default)</source>
        <translation>本地西部（内置默认）</translation>
    </message>
    <message>
        <source>Name: a region needs a name.</source>
        <translation>名称：地域需要名称。</translation>
    </message>
    <message>
        <source>Name: &apos;%1&apos; is not a valid region name; use lowercase letters, digits and &apos;-&apos;, starting with a letter or digit, at most 63 characters.</source>
        <translation>名称：“%1”不是有效的地域名称；请使用小写字母、数字和“-”，以字母或数字开头，最多 63 个字符。</translation>
    </message>
    <message>
        <source>Name: a region named &apos;%1&apos; already exists.</source>
        <translation>名称：名为“%1”的地域已存在。</translation>
    </message>
    <message>
        <source>Display name: at most 100 characters.</source>
        <translation>显示名称：最多 100 个字符。</translation>
    </message>
    <message>
        <source>Continent: &apos;%1&apos; is not one of %2.</source>
        <translation>大洲：“%1”不是 %2 之一。</translation>
    </message>
    <message>
        <source>Price sheet: &apos;%1&apos; is not a price sheet id such as gcp/us-west1.</source>
        <translation>价格表：“%1”不是价格表 ID（例如 gcp/us-west1）。</translation>
    </message>
    <message>
        <source>Folder: a local region needs a folder.</source>
        <translation>文件夹：本地地域需要文件夹。</translation>
    </message>
    <message>
        <source>Folder: &apos;%1&apos; is not an absolute path.</source>
        <translation>文件夹：“%1”不是绝对路径。</translation>
    </message>
    <message>
        <source>Folder: the region &apos;%1&apos; already uses %2.</source>
        <translation>文件夹：地域“%1”已在使用 %2。</translation>
    </message>
    <message>
        <source>Kind: &apos;%1&apos; is not a storage kind; use local or s3.</source>
        <translation>类型：“%1”不是存储类型；请使用 local 或 s3。</translation>
    </message>
    <message>
        <source>Folder: %1 is a file, not a folder.</source>
        <translation>文件夹：%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>Folder: cannot create %1 (check the parent folder&apos;s permissions and that the mount is present).</source>
        <translation>文件夹：无法创建 %1（请检查父文件夹的权限以及挂载点是否存在）。</translation>
    </message>
    <message>
        <source>%1 is not usable: </source>
        <translation>%1 不可用：</translation>
    </message>
    <message>
        <source>Access key: an S3 region needs its access key ID.</source>
        <translation>访问密钥：S3 地域需要访问密钥 ID。</translation>
    </message>
    <message>
        <source>Secret key: an S3 region needs its secret access key.</source>
        <translation>秘密密钥：S3 地域需要秘密访问密钥。</translation>
    </message>
    <message>
        <source>The region &apos;%1&apos; is a local folder; it has no keys.</source>
        <translation>地域“%1”是本地文件夹；它没有密钥。</translation>
    </message>
    <message>
        <source>The credentials of region &apos;%1&apos; are missing from this workspace; add the region again.</source>
        <translation>此工作区中缺少地域“%1”的凭证；请重新添加该地域。</translation>
    </message>
</context>
<context>
    <name>Regions::S3Location</name>
    <message>
        <source>Endpoint: enter the URL of the S3 service, e.g. https://s3.eu-central-1.amazonaws.com.</source>
        <translation>终端节点：请输入 S3 服务的 URL，例如 https://s3.eu-central-1.amazonaws.com。</translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; is not a valid URL.</source>
        <translation>终端节点：“%1”不是有效的 URL。</translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must start with https:// (or http:// for a store on a trusted network).</source>
        <translation>终端节点：“%1”必须以 https:// 开头（受信任网络中的存储可使用 http://）。</translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; has no host name.</source>
        <translation>终端节点：“%1”没有主机名。</translation>
    </message>
    <message>
        <source>Endpoint: the URL must not contain a user name or password; enter the keys in their own fields.</source>
        <translation>终端节点：URL 中不能包含用户名或密码；请在各自的字段中输入密钥。</translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must not contain a query (&apos;?&apos;) or a fragment (&apos;#&apos;).</source>
        <translation>终端节点：“%1”不能包含查询（“?”）或片段（“#”）。</translation>
    </message>
    <message>
        <source>Bucket: enter the name of an existing bucket.</source>
        <translation>存储桶：请输入已有存储桶的名称。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; has %2 characters; a bucket name has 3 to 63.</source>
        <translation>存储桶：“%1”有 %2 个字符；存储桶名称应为 3 到 63 个字符。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; may contain only lowercase letters, digits, &apos;.&apos; and &apos;-&apos;.</source>
        <translation>存储桶：“%1”只能包含小写字母、数字、“.”和“-”。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must start and end with a letter or a digit.</source>
        <translation>存储桶：“%1”必须以字母或数字开头和结尾。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not contain two periods in a row.</source>
        <translation>存储桶：“%1”不能包含连续的两个句点。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not look like an IP address.</source>
        <translation>存储桶：“%1”不能采用 IP 地址的形式。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not start with the reserved prefix &apos;xn--&apos; or &apos;sthree-&apos;.</source>
        <translation>存储桶：“%1”不能以保留前缀“xn--”或“sthree-”开头。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not end with the reserved suffix &apos;-s3alias&apos; or &apos;--ol-s3&apos;.</source>
        <translation>存储桶：“%1”不能以保留后缀“-s3alias”或“--ol-s3”结尾。</translation>
    </message>
    <message>
        <source>Prefix: at most 512 characters.</source>
        <translation>前缀：最多 512 个字符。</translation>
    </message>
    <message>
        <source>Prefix: use &apos;/&apos; to separate folders, not &apos;\&apos;.</source>
        <translation>前缀：请使用“/”分隔文件夹，而不是“\”。</translation>
    </message>
    <message>
        <source>Prefix: &apos;%1&apos; must not contain &apos;.&apos; or &apos;..&apos; as a folder.</source>
        <translation>前缀：“%1”不能包含名为“.”或“..”的文件夹。</translation>
    </message>
    <message>
        <source>Prefix: control characters are not allowed.</source>
        <translation>前缀：不允许使用控制字符。</translation>
    </message>
    <message>
        <source>Signing region: &apos;%1&apos; is not a region name such as us-east-1 (letters, digits, &apos;-&apos; and &apos;_&apos;).</source>
        <translation>签名地域：“%1”不是地域名称（例如 us-east-1；可使用字母、数字、“-”和“_”）。</translation>
    </message>
    <message>
        <source>Part size: %1 bytes is outside S3&apos;s multipart limits of 5 MiB to 5 GiB.</source>
        <translation>分段大小：%1 字节超出了 S3 分段上传 5 MiB 到 5 GiB 的范围。</translation>
    </message>
    <message>
        <source>Parallel requests: %1 is outside 1 to 64.</source>
        <translation>并行请求数：%1 超出了 1 到 64 的范围。</translation>
    </message>
    <message>
        <source>Bandwidth limit: give bytes per second up to 100 GB/s, or 0 for unlimited.</source>
        <translation>带宽上限：请给出每秒字节数（最多 100 GB/s），0 表示不限。</translation>
    </message>
</context>
<context>
    <name>RegionsPage</name>
    <message>
        <source>Regions</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Add a region</source>
        <translation>添加地域</translation>
    </message>
    <message>
        <source>Change the selected region&apos;s display name, provider, continent or price sheet</source>
        <translation>更改所选地域的显示名称、服务商、大洲或价格表</translation>
    </message>
    <message>
        <source>Remove the selected region from the workspace (its files are kept)</source>
        <translation>从工作区移除所选地域（保留其文件）</translation>
    </message>
    <message>
        <source>Check that the selected region is reachable and writable</source>
        <translation>检查所选地域是否可访问且可写</translation>
    </message>
    <message>
        <source>Region %1 added.</source>
        <translation>已添加地域 %1。</translation>
    </message>
    <message>
        <source>Region %1 saved.</source>
        <translation>已保存地域 %1。</translation>
    </message>
    <message>
        <source>Remove region</source>
        <translation>移除地域</translation>
    </message>
    <message>
        <source>Remove the region %1?</source>
        <translation>要移除地域 %1 吗？</translation>
    </message>
    <message>
        <source>Crossvault forgets this region; the files in %1 are not deleted. A region that still holds a vault cannot be removed.</source>
        <translation>Crossvault 将不再记录此地域；%1 中的文件不会被删除。仍有备份库的地域无法移除。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Region %1 was not removed: %2</source>
        <translation>地域 %1 未移除：%2</translation>
    </message>
    <message>
        <source>Region %1 removed. Its files in %2 are kept.</source>
        <translation>已移除地域 %1。其在 %2 中的文件已保留。</translation>
    </message>
    <message>
        <source>Region %1 failed the test: %2</source>
        <translation>地域 %1 测试失败：%2</translation>
    </message>
    <message>
        <source>Testing region %1…</source>
        <translation>正在测试地域 %1…</translation>
    </message>
    <message>
        <source>Region %1 is reachable and writable (%2).</source>
        <translation>地域 %1 可访问且可写（%2）。</translation>
    </message>
    <message>
        <source>A region is a place where vaults keep their data: a local folder or NAS mount, or a bucket of an S3-compatible store. Keep copies in regions on different continents so that losing one place loses nothing.</source>
        <translation>地域是备份库存放数据的位置：本地文件夹或 NAS 挂载点，或兼容 S3 的存储中的存储桶。将副本保存在不同大洲的地域中，即使失去一个地点也不会丢失任何数据。</translation>
    </message>
    <message>
        <source>Filter by name, provider, continent or location</source>
        <translation>按名称、服务商、大洲或位置筛选</translation>
    </message>
    <message>
        <source>Crossvault forgets this region and its stored keys; the objects in %1 are not deleted. A region that still holds a vault cannot be removed.</source>
        <translation>Crossvault 将不再记录此地域及其已保存的密钥；%1 中的对象不会被删除。仍有备份库的地域无法移除。</translation>
    </message>
    <message>
        <source>Region %1 removed. Its objects in %2 are kept.</source>
        <translation>已移除地域 %1。其在 %2 中的对象已保留。</translation>
    </message>
</context>
<context>
    <name>Replication</name>
    <message>
        <source>Region &apos;%1&apos; or &apos;%2&apos; is no longer in the workspace.</source>
        <translation>地域“%1”或“%2”已不在工作区中。</translation>
    </message>
    <message>
        <source>no price sheet: cost not estimated</source>
        <translation>无价格表：未估算费用</translation>
    </message>
    <message>
        <source>The limit of targets per region must be at least 1, not %1.</source>
        <translation>每个地域的目标数上限必须至少为 1，而不是 %1。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a replication target; replicas cannot be replicated again. Replicate its source vault instead.</source>
        <translation>备份库“%1”是复制目标；副本不能再次被复制。请改为复制其源备份库。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a %2 vault; only general backup vaults replicate.</source>
        <translation>备份库“%1”的类型为 %2；只有通用备份库可以复制。</translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (--region; see &apos;region list&apos;).</source>
        <translation>没有名为“%1”的地域（--region；参见“region list”）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is in region &apos;%2&apos;: a replication target must be in a different region, or it would not survive the loss of that region.</source>
        <translation>备份库“%1”位于地域“%2”中：复制目标必须位于不同的地域，否则在该地域失效时无法幸免。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; already replicates to &apos;%2&apos; in region &apos;%3&apos;: one target per region per source.</source>
        <translation>备份库“%1”已复制到地域“%3”中的“%2”：每个源在每个地域只能有一个目标。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; cannot replicate to itself.</source>
        <translation>备份库“%1”不能复制到自身。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses %2 encryption but &apos;%3&apos; uses %4: replication copies the stored, encrypted bytes as they are, so the target must use the source&apos;s encryption method and key.</source>
        <translation>备份库“%1”使用 %2 加密，而“%3”使用 %4 加密：复制会按原样复制已存储的加密字节，因此目标必须使用与源相同的加密方式和密钥。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a %2 vault; a replication target must be a replication-target vault created from the source (use --create-target NAME --region R).</source>
        <translation>备份库“%1”的类型为 %2；复制目标必须是从源创建的复制目标备份库（使用 --create-target NAME --region R）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is already the replication target of &apos;%2&apos;.</source>
        <translation>备份库“%1”已是“%2”的复制目标。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation>备份库“%1”：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was not created as a replica of &apos;%2&apos; (different key material), so &apos;%2&apos;&apos;s encrypted data could not be opened there; use --create-target NAME --region R.</source>
        <translation>备份库“%1”不是作为“%2”的副本创建的（密钥材料不同），因此无法在其中打开“%2”的加密数据；请使用 --create-target NAME --region R。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; or &apos;%2&apos; disappeared.</source>
        <translation>备份库“%1”或“%2”已消失。</translation>
    </message>
    <message>
        <source>Creating replica vault &apos;%1&apos; in region &apos;%2&apos;: </source>
        <translation>在地域“%2”中创建副本备份库“%1”：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created but its managed key could not be kept: </source>
        <translation>备份库“%1”已创建，但无法保存其托管密钥：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; does not replicate to &apos;%2&apos; (see &apos;replication status %1&apos;).</source>
        <translation>备份库“%1”未复制到“%2”（参见“replication status %1”）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; replicates to &apos;%2&apos;; a source vault cannot be deleted while it replicates. Stop replication first: crossvault-cli replication stop %1 --target %2 --yes</source>
        <translation>备份库“%1”正在复制到“%2”；正在复制的源备份库无法删除。请先停止复制：crossvault-cli replication stop %1 --target %2 --yes</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a replication-target vault and read-only: only copies from its source write into it. Back up into the source vault instead.</source>
        <translation>备份库“%1”是复制目标备份库，为只读：只有来自其源的复制会写入其中。请改为备份到源备份库。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos; and read-only: its points mirror the source&apos;s (deletion, expiry, archive tier). Change the point in &apos;%2&apos;, or stop replication first.</source>
        <translation>备份库“%1”是“%2”的复制目标，为只读：其备份点与源保持一致（删除、过期时间、归档层）。请在“%2”中更改该备份点，或先停止复制。</translation>
    </message>
    <message>
        <source>Removing the copy of point %1 from replication target &apos;%2&apos;: </source>
        <translation>从复制目标“%2”中删除备份点 %1 的副本：</translation>
    </message>
    <message>
        <source>The tier must be standard or archive, not &apos;%1&apos; (--tier).</source>
        <translation>存储层必须是 standard 或 archive，而不是“%1”（--tier）。</translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; of vault &apos;%2&apos; is locked; its expiry cannot be brought forward.</source>
        <translation>备份库“%2”的备份点“%1”已锁定；无法提前其过期时间。</translation>
    </message>
    <message>
        <source>Replica name &apos;%1&apos; is not valid (--name): use 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>副本名称“%1”无效（--name）：请使用 1 到 64 个字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>The replica description has %1 characters; at most 255 are allowed (--description).</source>
        <translation>副本描述有 %1 个字符；最多允许 255 个（--description）。</translation>
    </message>
    <message>
        <source>--expire-days must be a positive number of days, not %1.</source>
        <translation>--expire-days 必须是正整数天数，而不是 %1。</translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (--to-region; see &apos;region list&apos;).</source>
        <translation>没有名为“%1”的地域（--to-region；参见“region list”）。</translation>
    </message>
    <message>
        <source>Point %1 in vault &apos;%2&apos; is a replica; replicas cannot be replicated again. Copy the original point from its source vault.</source>
        <translation>备份库“%2”中的备份点 %1 是副本；副本不能再次被复制。请从其源备份库复制原始备份点。</translation>
    </message>
    <message>
        <source>Point %1 is in the archive tier; archive-tier points are not copied to other regions.</source>
        <translation>备份点 %1 位于归档层；归档层的备份点不会复制到其他地域。</translation>
    </message>
    <message>
        <source>Point %1 is already in region &apos;%2&apos;; a copy must go to a different region.</source>
        <translation>备份点 %1 已在地域“%2”中；复制必须发往不同的地域。</translation>
    </message>
    <message>
        <source>Point %1 already has a replica in region &apos;%2&apos; (vault &apos;%3&apos;): at most one replica per destination region. Delete that replica first to copy it again.</source>
        <translation>备份点 %1 在地域“%2”中已有副本（备份库“%3”）：每个目标地域最多一个副本。要重新复制，请先删除该副本。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is in region &apos;%2&apos;, not &apos;%3&apos; (--vault, --to-region).</source>
        <translation>备份库“%1”位于地域“%2”，而不是“%3”（--vault、--to-region）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses %2 encryption but &apos;%3&apos; uses %4: copies keep the stored, encrypted bytes, so the target must use the source&apos;s encryption method and key.</source>
        <translation>备份库“%1”使用 %2 加密，而“%3”使用 %4 加密：复制会保留已存储的加密字节，因此目标必须使用与源相同的加密方式和密钥。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was not created as a replica of &apos;%2&apos; (different key material); give another --vault or none to create one.</source>
        <translation>备份库“%1”不是作为“%2”的副本创建的（密钥材料不同）；请指定其他 --vault，或不指定以自动创建。</translation>
    </message>
    <message>
        <source>Cannot list the source vault (%1): </source>
        <translation>无法列出源备份库（%1）：</translation>
    </message>
    <message>
        <source>Cannot list the target vault (%1): </source>
        <translation>无法列出目标备份库（%1）：</translation>
    </message>
    <message>
        <source>Point %1 is not in the source vault (%2).</source>
        <translation>备份点 %1 不在源备份库（%2）中。</translation>
    </message>
    <message>
        <source>Cannot read what the points need from the source vault: </source>
        <translation>无法从源备份库读取备份点所需的数据：</translation>
    </message>
    <message>
        <source>Object %1, needed by the points to copy, is missing from the source vault (%2); run &apos;check&apos; on the source vault.</source>
        <translation>源备份库（%2）中缺少要复制的备份点所需的对象 %1；请对源备份库运行“check”。</translation>
    </message>
    <message>
        <source>Reading %1 from the source: </source>
        <translation>从源读取 %1：</translation>
    </message>
    <message>
        <source>Source object %1 does not match its content address; run &apos;check&apos; on the source vault.</source>
        <translation>源对象 %1 与其内容地址不符；请对源备份库运行“check”。</translation>
    </message>
    <message>
        <source>Writing %1 to the target: </source>
        <translation>向目标写入 %1：</translation>
    </message>
    <message>
        <source>Checking %1 in the target: </source>
        <translation>在目标中校验 %1：</translation>
    </message>
    <message>
        <source>Object %1 arrived damaged in the target (its size differs); it was removed, run the copy again.</source>
        <translation>对象 %1 到达目标时已损坏（大小不符）；已将其删除，请重新运行复制。</translation>
    </message>
    <message>
        <source>Copy cancelled; objects already sent stay and a rerun sends only the rest.</source>
        <translation>复制已取消；已发送的对象会保留，重新运行时只发送其余部分。</translation>
    </message>
    <message>
        <source>Cannot read the target vault&apos;s index: </source>
        <translation>无法读取目标备份库的索引：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is no longer a replication-target vault (replication to it was stopped).</source>
        <translation>备份库“%1”已不再是复制目标备份库（到它的复制已停止）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created for the link but could not be removed again (%2): </source>
        <translation>备份库“%1”是为该复制关系创建的，但无法再删除（%2）：</translation>
    </message>
    <message>
        <source>Replication was not stopped: </source>
        <translation>复制未停止：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos;; deleting it would end that replication. Stop replication first: crossvault-cli replication stop %2 --target %1 --yes</source>
        <translation>备份库“%1”是“%2”的复制目标；删除它会终止该复制。请先停止复制：crossvault-cli replication stop %2 --target %1 --yes</translation>
    </message>
    <message>
        <source>Listing the points of replication target &apos;%1&apos;: </source>
        <translation>列出复制目标“%1”的备份点时：</translation>
    </message>
    <message>
        <source>Removing point %1, left in replication target &apos;%2&apos; by an interrupted copy: </source>
        <translation>删除中断的复制留在复制目标“%2”中的备份点 %1 时：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos; in region &apos;%3&apos;: its copies follow the source point&apos;s expiry, so --expire-days cannot apply there. Set the expiry on point %4 in &apos;%2&apos;, or copy into another vault of the region with --vault NAME.</source>
        <translation>备份库“%1”是“%2”在地域“%3”中的复制目标：其副本遵循源备份点的过期时间，因此 --expire-days 不适用于该处。请在“%2”中设置备份点 %4 的过期时间，或使用 --vault NAME 复制到该地域的其他备份库。</translation>
    </message>
    <message>
        <source>Replication to &apos;%1&apos; was stopped (its storage carries the replication-stopped mark, perhaps written by another workspace); a stopped target is never linked again. Create a new target instead.</source>
        <translation>到“%1”的复制已停止（其存储中带有 replication-stopped 标记，可能由其他工作区写入）；已停止的目标不会再次建立复制关系。请改为创建新的目标。</translation>
    </message>
    <message>
        <source>Replication was not stopped: the target&apos;s region &apos;%1&apos; could not be written (%2). Stopping leaves a mark in the target&apos;s storage so that no workspace links it again; retry when the region is reachable, or stop in this workspace only (--force) if it is lost for good.</source>
        <translation>复制未停止：无法写入目标地域“%1”（%2）。停止复制会在目标的存储中留下标记，使任何工作区都不会再次与其建立复制关系；请在该地域可访问时重试，如果它已永久丢失，可仅在此工作区中停止（--force）。</translation>
    </message>
    <message>
        <source>Listing the points of source vault &apos;%1&apos;: </source>
        <translation>列出源备份库“%1”的备份点时：</translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; already holds %2 replication targets, the workspace&apos;s limit per region. Raise it with &apos;crossvault-cli replication limit N&apos; or in the console&apos;s Settings &gt; Replication.</source>
        <translation>地域“%1”已有 %2 个复制目标，已达到工作区每个地域的上限。请使用“crossvault-cli replication limit N”或在控制台的“设置 &gt; 复制”中提高上限。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is now the replication target of &apos;%2&apos;, so it is not marked.</source>
        <translation>“%1”现在是“%2”的复制目标，因此不写入标记。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a %2 vault, so it is not marked.</source>
        <translation>“%1”是 %2 类型的备份库，因此不写入标记。</translation>
    </message>
</context>
<context>
    <name>Replication::CopyJob</name>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2（%3）</translation>
    </message>
    <message>
        <source>No point to copy from vault &apos;%1&apos;.</source>
        <translation>备份库“%1”中没有可复制的备份点。</translation>
    </message>
    <message>
        <source>Copy from &apos;%1&apos; to &apos;%2&apos;: </source>
        <translation>从“%1”复制到“%2”：</translation>
    </message>
    <message>
        <source>Point %1 was copied but </source>
        <translation>备份点 %1 已复制，但</translation>
    </message>
    <message>
        <source>Point %1 was copied but the catalog could not record it: </source>
        <translation>备份点 %1 已复制，但目录库无法记录它：</translation>
    </message>
    <message>
        <source>Replication from &apos;%1&apos; to &apos;%2&apos; was stopped; the queued copy was not made.</source>
        <translation>从“%1”到“%2”的复制已停止；排队中的复制未执行。</translation>
    </message>
    <message>
        <source>Point(s) %1 are not in the source vault &apos;%2&apos; any more; nothing was copied.</source>
        <translation>备份点 %1 已不在源备份库“%2”中；未复制任何内容。</translation>
    </message>
    <message>
        <source>Point(s) %1 are not in the source vault &apos;%2&apos; any more and were not copied.</source>
        <translation>备份点 %1 已不在源备份库“%2”中，未被复制。</translation>
    </message>
    <message>
        <source>Replication to &apos;%1&apos; was stopped (its storage carries the replication-stopped mark, perhaps written by another workspace); the queued copy was not made. Stop the link here too: crossvault-cli replication stop %2 --target %1 --yes</source>
        <translation>到“%1”的复制已停止（其存储中带有 replication-stopped 标记，可能由其他工作区写入）；排队的复制未执行。请在此处也停止该复制关系：crossvault-cli replication stop %2 --target %1 --yes</translation>
    </message>
    <message>
        <source>The points were copied to &apos;%1&apos; but could not be recorded: </source>
        <translation>备份点已复制到“%1”，但无法记录：</translation>
    </message>
</context>
<context>
    <name>ReplicationDialog</name>
    <message>
        <source>Configure backup vault replication</source>
        <translation>配置备份库复制</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;; unique in this workspace</source>
        <translation>字母、数字、“-”和“_”；在此工作区内唯一</translation>
    </message>
    <message>
        <source>Optional: what this replica is for</source>
        <translation>可选：此副本的用途</translation>
    </message>
    <message>
        <source>Optional: resource group or label, e.g. dr-site</source>
        <translation>可选：资源组或标签，例如 dr-site</translation>
    </message>
    <message>
        <source>&amp;Enable replication</source>
        <translation>启用复制(&amp;E)</translation>
    </message>
    <message>
        <source>Every standard-tier point of %1 (region %2) is copied into a read-only target vault in another region: the existing points now, every new point after its backup. The target&apos;s points expire with the source&apos;s; archive-tier points are not copied.</source>
        <translation>%1（地域 %2）的每个标准层备份点都会复制到另一个地域中的只读目标备份库：已有的备份点立即复制，新备份点在每次备份完成后复制。目标的备份点随源一起过期；归档层的备份点不会复制。</translation>
    </message>
    <message>
        <source>%1 (fixed: the source&apos;s)</source>
        <translation>%1（固定：与源相同）</translation>
    </message>
    <message>
        <source>A replica holds the source&apos;s encrypted bytes exactly as they are, so it must use the source&apos;s encryption method and key; another method could not open them.</source>
        <translation>副本按原样保存源的加密字节，因此必须使用与源相同的加密方式和密钥；其他加密方式无法打开这些数据。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>Target &amp;region:</source>
        <translation>目标地域(&amp;R)：</translation>
    </message>
    <message>
        <source>Target &amp;vault:</source>
        <translation>目标备份库(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Passphrase of %1:</source>
        <translation>%1 的口令(&amp;P)：</translation>
    </message>
    <message>
        <source>Initial sync</source>
        <translation>初始同步</translation>
    </message>
    <message>
        <source>the source&apos;s own region; a target must be in a different region to survive the loss of it</source>
        <translation>源所在的地域；目标必须位于不同的地域，才能在该地域失效时保全数据</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Not available — %1</source>
        <translation>不可用 — %1</translation>
    </message>
    <message>
        <source>No region can take a target of %1; add a region on the Regions page.</source>
        <translation>没有地域可以存放 %1 的目标；请在“地域”页面添加地域。</translation>
    </message>
    <message>
        <source>Create a new target vault</source>
        <translation>创建新的目标备份库</translation>
    </message>
    <message>
        <source>The region&apos;s vaults could not be checked: %1</source>
        <translation>无法检查该地域的备份库：%1</translation>
    </message>
    <message>
        <source>Choose a target region.</source>
        <translation>请选择目标地域。</translation>
    </message>
    <message>
        <source>Setting up replication…</source>
        <translation>正在设置复制…</translation>
    </message>
    <message>
        <source>Choose a target region other than %1.</source>
        <translation>请选择 %1 以外的目标地域。</translation>
    </message>
    <message>
        <source>Enter a name for the new target vault.</source>
        <translation>请输入新目标备份库的名称。</translation>
    </message>
    <message>
        <source>The description has %1 characters; at most %2 are allowed.</source>
        <translation>描述有 %1 个字符；最多允许 %2 个。</translation>
    </message>
    <message>
        <source>Enter the passphrase of %1: the target uses the same key.</source>
        <translation>请输入 %1 的口令：目标使用相同的密钥。</translation>
    </message>
    <message>
        <source>Vault %1 disappeared.</source>
        <translation>备份库 %1 已消失。</translation>
    </message>
</context>
<context>
    <name>ReplicationModel</name>
    <message>
        <source>Target of %1</source>
        <translation>%1 的复制目标</translation>
    </message>
    <message>
        <source>Replica of %1: only copies from the source write into it; its points follow the source&apos;s expiry.</source>
        <translation>%1 的副本：只有来自源的复制会写入其中；其备份点遵循源的过期时间。</translation>
    </message>
    <message>
        <source>Standalone (was target of %1)</source>
        <translation>独立（原为 %1 的复制目标）</translation>
    </message>
    <message>
        <source>Replication from %1 was stopped on %2; the vault keeps its points and their inherited expiry.</source>
        <translation>来自 %1 的复制已于 %2 停止；该备份库保留其备份点及继承的过期时间。</translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message numerus="yes">
        <source>→ %n target(s): %1</source>
        <translation>
            <numerusform>→ %n 个目标：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>in sync</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) pending</source>
        <translation>
            <numerusform>%n 个备份点待同步</numerusform>
        </translation>
    </message>
    <message>
        <source>behind by %1</source>
        <translation>落后 %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s), %1</source>
        <translation>
            <numerusform>%n 个备份点，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy queued</source>
        <translation>复制已排队</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>正在复制…</translation>
    </message>
    <message>
        <source>Copying %1 of %2</source>
        <translation>正在复制 %1 / %2</translation>
    </message>
    <message>
        <source>Recovery point objective: how much older the newest point in %1 is than the newest standard-tier point of %2.</source>
        <translation>恢复点目标（RPO）：%1 中最新的备份点比 %2 中最新的标准层备份点早多久。</translation>
    </message>
    <message>
        <source>Target vault</source>
        <translation>目标备份库</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>RPO</source>
        <translation>RPO</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>ReplicationSettingsDialog</name>
    <message>
        <source>Replication settings</source>
        <translation>复制设置</translation>
    </message>
    <message>
        <source>Each source vault replicates to at most one target per region; several sources may replicate into the same region. This limit caps how many replication targets one region holds in this workspace (5 by default). Lowering it refuses new targets only: existing replication continues.</source>
        <translation>每个源备份库在每个地域最多复制到一个目标；多个源可以复制到同一地域。此上限限制此工作区中一个地域可容纳的复制目标数量（默认 5）。降低上限只会拒绝新的目标：现有的复制继续进行。</translation>
    </message>
    <message>
        <source>Replication &amp;targets per region:</source>
        <translation>每个地域的复制目标数(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>&amp;Overwrite existing files</source>
        <translation>覆盖已有文件(&amp;O)</translation>
    </message>
    <message>
        <source>Restore point %1</source>
        <translation>恢复备份点 %1</translation>
    </message>
    <message>
        <source>Folder to restore into (created if missing)</source>
        <translation>恢复到的文件夹（不存在时会创建）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Off: if a file to restore already exists in the target folder, the restore stops and names it; nothing existing is changed. On: such files are replaced by the point&apos;s version. Other files in the folder are never deleted.</source>
        <translation>关闭：如果目标文件夹中已存在要恢复的文件，恢复会停止并指出该文件；不会更改任何已有内容。开启：这些文件会被备份点中的版本替换。文件夹中的其他文件永远不会被删除。</translation>
    </message>
    <message>
        <source>Optional: paths inside the point, one per line (a folder restores everything under it). Empty: the whole point.</source>
        <translation>可选：备份点内的路径，每行一个（文件夹会恢复其下的全部内容）。留空：恢复整个备份点。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>来自：</translation>
    </message>
    <message>
        <source>%1 of %2, made %3</source>
        <translation>%2 中的 %1，创建于 %3</translation>
    </message>
    <message>
        <source>&amp;Target folder:</source>
        <translation>目标文件夹(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Paths:</source>
        <translation>路径(&amp;P)：</translation>
    </message>
    <message>
        <source>P&amp;assphrase:</source>
        <translation>口令(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Choose the folder to restore into</source>
        <translation>选择恢复到的文件夹</translation>
    </message>
    <message>
        <source>Choose the folder to restore into.</source>
        <translation>请选择恢复到的文件夹。</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>Enter the passphrase of vault %1.</source>
        <translation>请输入备份库 %1 的口令。</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>Cannot create the secrets folder %1.</source>
        <translation>无法创建机密文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot write a secret into %1: %2</source>
        <translation>无法将机密写入 %1：%2</translation>
    </message>
    <message>
        <source>Invalid secret id.</source>
        <translation>无效的机密 ID。</translation>
    </message>
    <message>
        <source>Cannot keep the secret in the desktop keyring (CROSSVAULT_SECRET_BACKEND=keyring): %1</source>
        <translation>无法将机密保存到桌面密钥环（CROSSVAULT_SECRET_BACKEND=keyring）：%1</translation>
    </message>
    <message>
        <source>CROSSVAULT_SECRET_BACKEND=keyring, but this build of Crossvault has no keyring support.</source>
        <translation>已设置 CROSSVAULT_SECRET_BACKEND=keyring，但此版本的 Crossvault 不支持密钥环。</translation>
    </message>
    <message>
        <source>Cannot read the secret &apos;%1&apos;: %2</source>
        <translation>无法读取机密“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The secret &apos;%1&apos; is kept in the desktop keyring, which cannot give it now: %2 Run Crossvault in the desktop session that holds the keyring (a headless agent can keep its secrets in files: CROSSVAULT_SECRET_BACKEND=file when they are stored).</source>
        <translation>机密“%1”保存在桌面密钥环中，但密钥环当前无法提供：%2 请在持有该密钥环的桌面会话中运行 Crossvault（无界面运行的代理可将机密保存在文件中：保存机密时设置 CROSSVAULT_SECRET_BACKEND=file）。</translation>
    </message>
    <message>
        <source>The secret &apos;%1&apos; is not in this workspace.</source>
        <translation>此工作区中没有机密“%1”。</translation>
    </message>
    <message>
        <source>Cannot delete the secret &apos;%1&apos; from the desktop keyring: %2</source>
        <translation>无法从桌面密钥环中删除机密“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot delete %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
    <message>
        <source>Cannot delete the secret &apos;%1&apos;.</source>
        <translation>无法删除机密“%1”。</translation>
    </message>
</context>
<context>
    <name>Sources::FolderSource</name>
    <message>
        <source>Source folder &apos;%1&apos; cannot be opened: %2</source>
        <translation>无法打开源文件夹“%1”：%2</translation>
    </message>
    <message>
        <source>Source &apos;%1&apos; is not a folder</source>
        <translation>来源“%1”不是文件夹</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>cannot list the folder: %1</source>
        <translation>无法列出文件夹：%1</translation>
    </message>
    <message>
        <source>vanished during the backup</source>
        <translation>在备份过程中消失</translation>
    </message>
    <message>
        <source>not a regular file, folder or symlink</source>
        <translation>不是普通文件、文件夹或符号链接</translation>
    </message>
</context>
<context>
    <name>Sources::SqliteSource</name>
    <message>
        <source>SQLite database &apos;%1&apos; does not exist</source>
        <translation>SQLite 数据库“%1”不存在</translation>
    </message>
    <message>
        <source>SQLite source &apos;%1&apos; is not a file</source>
        <translation>SQLite 来源“%1”不是文件</translation>
    </message>
    <message>
        <source>Cannot create a folder for the SQLite snapshot: %1</source>
        <translation>无法为 SQLite 快照创建文件夹：%1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cannot open SQLite database &apos;%1&apos;: %2</source>
        <translation>无法打开 SQLite 数据库“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot snapshot SQLite database &apos;%1&apos; (is it a SQLite database?): %2</source>
        <translation>无法为 SQLite 数据库“%1”创建快照（它是 SQLite 数据库吗？）：%2</translation>
    </message>
    <message>
        <source>The SQLite snapshot of &apos;%1&apos; was not prepared</source>
        <translation>“%1”的 SQLite 快照未准备好</translation>
    </message>
    <message>
        <source>Cannot read SQLite database &apos;%1&apos;: %2</source>
        <translation>无法读取 SQLite 数据库“%1”：%2</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>write a probe object</source>
        <translation>写入探测对象</translation>
    </message>
    <message>
        <source>the probe object read back differs from what was written</source>
        <translation>读回的探测对象与写入的内容不同</translation>
    </message>
    <message>
        <source>read it back</source>
        <translation>读回</translation>
    </message>
    <message>
        <source>the probe object is missing from the listing</source>
        <translation>列表中缺少探测对象</translation>
    </message>
    <message>
        <source>list objects</source>
        <translation>列出对象</translation>
    </message>
    <message>
        <source>delete the probe object</source>
        <translation>删除探测对象</translation>
    </message>
    <message>
        <source>Region &apos;%1&apos;: </source>
        <translation>地域“%1”：</translation>
    </message>
    <message>
        <source>The storage kind &apos;%1&apos; of region &apos;%2&apos; is not supported by this build.</source>
        <translation>此版本不支持地域“%2”的存储类型“%1”。</translation>
    </message>
    <message>
        <source>%1 %2: the disk is full (or over quota); free space and retry. Nothing was lost.</source>
        <translation>%1 %2：磁盘已满（或超出配额）；请释放空间后重试。没有数据丢失。</translation>
    </message>
    <message>
        <source>%1 %2: permission denied.</source>
        <translation>%1 %2：权限被拒绝。</translation>
    </message>
    <message>
        <source>%1 %2: the file system is read-only.</source>
        <translation>%1 %2：文件系统为只读。</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source>folder %1</source>
        <translation>文件夹 %1</translation>
    </message>
    <message>
        <source>Invalid object key &apos;%1&apos;.</source>
        <translation>无效的对象键“%1”。</translation>
    </message>
    <message>
        <source>Cannot create the folder</source>
        <translation>无法创建文件夹</translation>
    </message>
    <message>
        <source>Cannot write</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>Cannot flush</source>
        <translation>无法刷写到磁盘</translation>
    </message>
    <message>
        <source>Cannot store</source>
        <translation>无法存储</translation>
    </message>
    <message>
        <source>The object %1 is missing from %2.</source>
        <translation>%2 中缺少对象 %1。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The object %1 is shorter than expected (%2 bytes, wanted %3 at offset %4).</source>
        <translation>对象 %1 比预期短（%2 字节，需要从偏移量 %4 处读取 %3 字节）。</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
</context>
<context>
    <name>Storage::S3Config</name>
    <message>
        <source>Endpoint: &apos;%1&apos; is not an http:// or https:// URL with a host name.</source>
        <translation>终端节点：“%1”不是带主机名的 http:// 或 https:// URL。</translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must not contain a query, a fragment or a user name; give the keys separately.</source>
        <translation>终端节点：“%1”不能包含查询、片段或用户名；请单独提供密钥。</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; is not a bucket name (3-255 characters: lowercase letters, digits, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;).</source>
        <translation>存储桶：“%1”不是存储桶名称（3-255 个字符：小写字母、数字、“.”、“-”、“_”）。</translation>
    </message>
    <message>
        <source>Signing region: &apos;%1&apos; is not a region name such as us-east-1.</source>
        <translation>签名地域：“%1”不是地域名称（例如 us-east-1）。</translation>
    </message>
    <message>
        <source>CA file: &apos;%1&apos; does not exist or cannot be read.</source>
        <translation>CA 文件：“%1”不存在或无法读取。</translation>
    </message>
    <message>
        <source>Part size: %1 bytes is below the S3 minimum of 5 MiB.</source>
        <translation>分段大小：%1 字节低于 S3 的最小值 5 MiB。</translation>
    </message>
    <message>
        <source>Parallel requests: %1 is outside 1-64.</source>
        <translation>并行请求数：%1 超出 1-64 范围。</translation>
    </message>
    <message>
        <source>Bandwidth limit: give bytes per second, or 0 for unlimited.</source>
        <translation>带宽限制：请给出每秒字节数，或用 0 表示不限制。</translation>
    </message>
    <message>
        <source>Access key: missing; give the region&apos;s access key ID.</source>
        <translation>访问密钥：缺失；请提供该地域的访问密钥 ID。</translation>
    </message>
    <message>
        <source>Secret key: missing; give the region&apos;s secret access key.</source>
        <translation>秘密密钥：缺失；请提供该地域的秘密访问密钥。</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1（位于 %2）</translation>
    </message>
</context>
<context>
    <name>Storage::S3ErrorTranslator</name>
    <message>
        <source>%1: cannot %2: %3</source>
        <translation>%1：无法%2：%3</translation>
    </message>
    <message>
        <source>the TLS connection to %1 failed (%2); check the endpoint URL and, for a self-hosted store, the CA file of the region</source>
        <translation>与 %1 的 TLS 连接失败（%2）；请检查终端节点 URL，如为自建存储，还请检查该地域的 CA 文件</translation>
    </message>
    <message>
        <source>the endpoint host %1 is not known (DNS); check the endpoint URL%2</source>
        <translation>无法解析终端节点主机 %1（DNS）；请检查终端节点 URL%2</translation>
    </message>
    <message>
        <source>, or use path-style addressing if the bucket&apos;s host name does not resolve</source>
        <translation>，或在存储桶的主机名无法解析时使用路径样式寻址</translation>
    </message>
    <message>
        <source>the endpoint %1 stopped answering (timed out after retries); check the network</source>
        <translation>终端节点 %1 停止响应（重试后仍超时）；请检查网络</translation>
    </message>
    <message>
        <source>the endpoint %1 refused the connection (after retries); check the endpoint URL and port and that the service is running</source>
        <translation>终端节点 %1 拒绝连接（已重试）；请检查终端节点 URL 和端口，以及服务是否正在运行</translation>
    </message>
    <message>
        <source>the endpoint %1 is unreachable (%2)</source>
        <translation>无法访问终端节点 %1（%2）</translation>
    </message>
    <message>
        <source> (server: %1)</source>
        <translation>（服务器：%1）</translation>
    </message>
    <message>
        <source>the server does not know the access key ID; check the region&apos;s access key%1</source>
        <translation>服务器不识别该访问密钥 ID；请检查该地域的访问密钥%1</translation>
    </message>
    <message>
        <source>the server rejected the request signature: the secret key is probably wrong (or the signing region &apos;%1&apos; does not match the bucket&apos;s region)%2</source>
        <translation>服务器拒绝了请求签名：秘密密钥可能有误（或签名地域“%1”与存储桶所在地域不符）%2</translation>
    </message>
    <message>
        <source>clock skew: this computer&apos;s clock (%1 UTC) differs from the server&apos;s by more than 15 minutes; correct the system time%2</source>
        <translation>时钟偏差：此计算机的时钟（%1 UTC）与服务器相差超过 15 分钟；请校正系统时间%2</translation>
    </message>
    <message>
        <source>the bucket &apos;%1&apos; is not served with signing region &apos;%2&apos; at this endpoint; set the region&apos;s signing region and endpoint to the bucket&apos;s region%3</source>
        <translation>此终端节点未以签名地域“%2”提供存储桶“%1”；请将该地域的签名地域和终端节点设置为存储桶所在的地域%3</translation>
    </message>
    <message>
        <source>the bucket &apos;%1&apos; does not exist at %2; create it or correct the bucket name</source>
        <translation>存储桶“%1”在 %2 上不存在；请创建该存储桶或更正存储桶名称</translation>
    </message>
    <message>
        <source>access denied: the credentials are valid but not allowed to do this on bucket &apos;%1&apos;; check the key&apos;s bucket policy%2</source>
        <translation>访问被拒绝：凭证有效，但无权对存储桶“%1”执行此操作；请检查该密钥的存储桶策略%2</translation>
    </message>
    <message>
        <source>no such object</source>
        <translation>对象不存在</translation>
    </message>
    <message>
        <source>the server received different bytes than were sent (%1)%2</source>
        <translation>服务器收到的字节与发送的不同（%1）%2</translation>
    </message>
    <message>
        <source>the server kept failing (HTTP %1%2) after retries; try again later</source>
        <translation>服务器持续出错（HTTP %1%2），重试后仍失败；请稍后再试</translation>
    </message>
    <message>
        <source>HTTP %1 %2%3</source>
        <translation>HTTP %1 %2%3</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>Storage::S3ObjectStore</name>
    <message>
        <source>%1: &apos;%2&apos; is not an object key (relative, &apos;/&apos;-separated, no empty parts).</source>
        <translation>%1：“%2”不是对象键（应为以“/”分隔的相对路径，且不含空段）。</translation>
    </message>
    <message>
        <source>write object &apos;%1&apos;</source>
        <translation>写入对象“%1”</translation>
    </message>
    <message>
        <source>%1: the server&apos;s checksum of object &apos;%2&apos; differs from the data sent</source>
        <translation>%1：服务器计算的对象“%2”校验和与发送的数据不符</translation>
    </message>
    <message>
        <source>start a multipart upload of &apos;%1&apos;</source>
        <translation>启动对象“%1”的分段上传</translation>
    </message>
    <message>
        <source>%1: the server started a multipart upload of &apos;%2&apos; without an upload ID</source>
        <translation>%1：服务器启动了“%2”的分段上传，但未返回上传 ID</translation>
    </message>
    <message>
        <source>abort the multipart upload of &apos;%1&apos;</source>
        <translation>中止对象“%1”的分段上传</translation>
    </message>
    <message>
        <source>upload part %1 of &apos;%2&apos;</source>
        <translation>上传“%2”的分段 %1</translation>
    </message>
    <message>
        <source>%1: the server accepted part %2 of &apos;%3&apos; without an ETag</source>
        <translation>%1：服务器接受了“%3”的分段 %2，但未返回 ETag</translation>
    </message>
    <message>
        <source>complete the multipart upload of &apos;%1&apos;</source>
        <translation>完成对象“%1”的分段上传</translation>
    </message>
    <message>
        <source>read object &apos;%1&apos;</source>
        <translation>读取对象“%1”</translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; arrived truncated (%3 of %4 bytes)</source>
        <translation>%1：对象“%2”到达时被截断（%3 / %4 字节）</translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; arrived damaged (its MD5 does not match the server&apos;s ETag)</source>
        <translation>%1：对象“%2”到达时已损坏（其 MD5 与服务器的 ETag 不符）</translation>
    </message>
    <message>
        <source>%1: invalid range of object &apos;%2&apos; (offset %3, length %4)</source>
        <translation>%1：对象“%2”的范围无效（偏移量 %3，长度 %4）</translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; does not exist</source>
        <translation>%1：对象“%2”不存在</translation>
    </message>
    <message>
        <source>read %1 bytes at offset %2 of object &apos;%3&apos;</source>
        <translation>读取对象“%3”偏移量 %2 处的 %1 字节</translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; is shorter than expected (wanted %3 bytes at offset %4)</source>
        <translation>%1：对象“%2”比预期短（需要从偏移量 %4 处读取 %3 字节）</translation>
    </message>
    <message>
        <source>look up object &apos;%1&apos;</source>
        <translation>查找对象“%1”</translation>
    </message>
    <message>
        <source>list objects under &apos;%1&apos;</source>
        <translation>列出“%1”下的对象</translation>
    </message>
    <message>
        <source>%1: the server truncated the listing of &apos;%2&apos; without a continuation token</source>
        <translation>%1：服务器截断了“%2”的列表，但未提供延续令牌</translation>
    </message>
    <message>
        <source>delete object &apos;%1&apos;</source>
        <translation>删除对象“%1”</translation>
    </message>
    <message>
        <source>delete %1 objects</source>
        <translation>删除 %1 个对象</translation>
    </message>
    <message>
        <source>%1: cannot delete object &apos;%2&apos;: %3 %4</source>
        <translation>%1：无法删除对象“%2”：%3 %4</translation>
    </message>
</context>
<context>
    <name>Storage::S3Xml</name>
    <message>
        <source>the server&apos;s object listing is not a ListBucketResult document</source>
        <translation>服务器返回的对象列表不是 ListBucketResult 文档</translation>
    </message>
    <message>
        <source>the server&apos;s object listing is not valid XML: %1</source>
        <translation>服务器返回的对象列表不是有效的 XML：%1</translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <source>Cannot read the catalog: %1</source>
        <translation>无法读取目录库：%1</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>&apos;%1&apos; is not a size; use a number with an optional unit such as 500MB, 20GB or 1.5TiB.</source>
        <translation>“%1”不是大小；请使用带可选单位的数字，例如 500MB、20GB 或 1.5TiB。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too large.</source>
        <translation>“%1”太大。</translation>
    </message>
</context>
<context>
    <name>VaultModel</name>
    <message>
        <source>Managed key</source>
        <translation>托管密钥</translation>
    </message>
    <message>
        <source>Customer key</source>
        <translation>客户密钥</translation>
    </message>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Replication target</source>
        <translation>复制目标</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>独立</translation>
    </message>
    <message>
        <source>Held by you</source>
        <translation>由您保管</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>Without the recovery key this vault cannot be opened from another workspace. Export it and keep it somewhere safe.</source>
        <translation>没有恢复密钥，就无法从其他工作区打开此备份库。请导出并妥善保管。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>备份点</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>Vaults</name>
    <message>
        <source> in vault &apos;%1&apos;</source>
        <translation>备份库“%1”中</translation>
    </message>
    <message>
        <source>There is no backup point &apos;%1&apos;%2 (see &apos;points&apos;).</source>
        <translation>%2没有备份点“%1”（参见“points”）。</translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; exists in several vaults (%2); name one with --vault.</source>
        <translation>备份点“%1”存在于多个备份库中（%2）；请使用 --vault 指定其中一个。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation>备份库“%1”：</translation>
    </message>
    <message>
        <source>There is no vault named &apos;%1&apos; in this workspace (see &apos;vault list&apos;; &apos;vault import&apos; adds an existing one).</source>
        <translation>此工作区中没有名为“%1”的备份库（参见“vault list”；“vault import”可添加已有的备份库）。</translation>
    </message>
    <message>
        <source>A vault named &apos;%1&apos; already exists in this workspace.</source>
        <translation>此工作区中已存在名为“%1”的备份库。</translation>
    </message>
</context>
<context>
    <name>Vaults::VaultService</name>
    <message>
        <source>Vault name &apos;%1&apos; is not valid: use 1 to 63 lowercase letters, digits, &apos;-&apos; or &apos;_&apos;, starting with a letter or digit.</source>
        <translation>备份库名称“%1”无效：请使用 1 到 63 个小写字母、数字、“-”或“_”，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>A vault needs a region (--region).</source>
        <translation>备份库需要指定地域（--region）。</translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (see &apos;region list&apos;).</source>
        <translation>没有名为“%1”的地域（参见“region list”）。</translation>
    </message>
    <message>
        <source>Vault type &apos;%1&apos; is not one of general, replication-target, standalone.</source>
        <translation>备份库类型“%1”不是 general、replication-target、standalone 之一。</translation>
    </message>
    <message>
        <source>Customer-key encryption needs a passphrase or a key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation>客户密钥加密需要口令或密钥文件（--passphrase-env VAR 或 --key-file FILE）。</translation>
    </message>
    <message>
        <source>A vault named &apos;%1&apos; already exists in this workspace.</source>
        <translation>此工作区中已存在名为“%1”的备份库。</translation>
    </message>
    <message>
        <source>Cannot create vault &apos;%1&apos; in region &apos;%2&apos;: </source>
        <translation>无法在地域“%2”中创建备份库“%1”：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created but its managed key could not be kept: </source>
        <translation>备份库“%1”已创建，但无法保存其托管密钥：</translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; holds no vault named &apos;%2&apos; (looked under %3 in %4).</source>
        <translation>地域“%1”中没有名为“%2”的备份库（已在 %4 的 %3 下查找）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation>备份库“%1”：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses managed encryption: importing it needs its recovery key (--key-file FILE holding the key printed by &apos;vault export-key&apos;).</source>
        <translation>备份库“%1”使用托管加密：导入时需要其恢复密钥（--key-file FILE，文件内容为“vault export-key”打印的密钥）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: importing it needs the passphrase or key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation>备份库“%1”使用客户密钥：导入时需要口令或密钥文件（--passphrase-env VAR 或 --key-file FILE）。</translation>
    </message>
    <message>
        <source>Cannot read the recovery key file %1: %2</source>
        <translation>无法读取恢复密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses managed encryption and the given key is not a recovery key (it starts with &quot;CVRK1-&quot;; &apos;vault export-key&apos; prints it).</source>
        <translation>备份库“%1”使用托管加密，而提供的密钥不是恢复密钥（恢复密钥以 &quot;CVRK1-&quot; 开头，由“vault export-key”打印）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: cannot list its points: </source>
        <translation>备份库“%1”：无法列出其备份点：</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: cannot keep its managed key: </source>
        <translation>备份库“%1”：无法保存其托管密钥：</translation>
    </message>
    <message>
        <source>Cannot list vault &apos;%1&apos; for deletion: </source>
        <translation>无法列出要删除的备份库“%1”：</translation>
    </message>
    <message>
        <source>Cannot delete vault &apos;%1&apos; (object %2): </source>
        <translation>无法删除备份库“%1”（对象 %2）：</translation>
    </message>
    <message>
        <source>The managed key of vault &apos;%1&apos; is missing from this workspace; import the vault again with its recovery key (vault import %1 --region %2 --key-file FILE).</source>
        <translation>此工作区中缺少备份库“%1”的托管密钥；请使用其恢复密钥重新导入该备份库（vault import %1 --region %2 --key-file FILE）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: give its passphrase or key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation>备份库“%1”使用客户密钥：请提供其口令或密钥文件（--passphrase-env VAR 或 --key-file FILE）。</translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: your passphrase or key file is its recovery key; there is nothing to export.</source>
        <translation>备份库“%1”使用客户密钥：您的口令或密钥文件即为其恢复密钥；无需导出。</translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; of vault &apos;%2&apos; is locked; it cannot be deleted before its lock expires.</source>
        <translation>备份库“%2”的备份点“%1”已锁定；在锁定到期前无法删除。</translation>
    </message>
    <message>
        <source>The compression level must be between 1 (fastest) and 19 (smallest), not %1.</source>
        <translation>压缩级别必须在 1（最快）到 19（最小）之间，而不是 %1。</translation>
    </message>
</context>
<context>
    <name>VaultsPage</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation>备份库</translation>
    </message>
    <message>
        <source>A vault keeps backup points of folders and SQLite databases in one region: deduplicated, compressed and encrypted. Select a vault to see its points, back up into it or restore from it.</source>
        <translation>备份库在一个地域中保存文件夹和 SQLite 数据库的备份点：去重、压缩并加密。选择一个备份库即可查看其备份点、向其备份或从中恢复。</translation>
    </message>
    <message>
        <source>&amp;Create vault…</source>
        <translation>创建备份库(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation>立即备份(&amp;B)…</translation>
    </message>
    <message>
        <source>Chec&amp;k</source>
        <translation>校验(&amp;K)</translation>
    </message>
    <message>
        <source>E&amp;xport recovery key…</source>
        <translation>导出恢复密钥(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Delete vault…</source>
        <translation>删除备份库(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>Delete &amp;point…</source>
        <translation>删除备份点(&amp;P)…</translation>
    </message>
    <message>
        <source>Create a vault in one of the workspace&apos;s regions</source>
        <translation>在工作区的某个地域中创建备份库</translation>
    </message>
    <message>
        <source>Back up a folder or an SQLite database into the selected vault now</source>
        <translation>立即将文件夹或 SQLite 数据库备份到所选备份库</translation>
    </message>
    <message>
        <source>Check that every object of the selected vault is present and readable</source>
        <translation>校验所选备份库的每个对象都存在且可读</translation>
    </message>
    <message>
        <source>Save the selected vault&apos;s recovery key to a file only you can read</source>
        <translation>将所选备份库的恢复密钥保存到只有您能读取的文件</translation>
    </message>
    <message>
        <source>Delete the selected vault with all its points and data</source>
        <translation>删除所选备份库及其全部备份点和数据</translation>
    </message>
    <message>
        <source>Restore the selected point into a folder</source>
        <translation>将所选备份点恢复到文件夹</translation>
    </message>
    <message>
        <source>Delete the selected point from its vault</source>
        <translation>从备份库中删除所选备份点</translation>
    </message>
    <message>
        <source>Points of %1</source>
        <translation>%1 的备份点</translation>
    </message>
    <message>
        <source>Select a vault to see its points</source>
        <translation>选择一个备份库以查看其备份点</translation>
    </message>
    <message>
        <source>Recovery key never exported: %1. If this workspace is lost, such a vault cannot be opened anywhere else. Select the vault and use Export recovery key.</source>
        <translation>恢复密钥从未导出：%1。如果此工作区丢失，这样的备份库将无法在其他任何地方打开。请选择该备份库并使用“导出恢复密钥”。</translation>
    </message>
    <message>
        <source>Add a region on the Regions page first: a vault keeps its data in a region.</source>
        <translation>请先在“地域”页面添加地域：备份库的数据存放在地域中。</translation>
    </message>
    <message>
        <source>Vault %1 created in region %2.</source>
        <translation>已在地域 %2 中创建备份库 %1。</translation>
    </message>
    <message>
        <source>Export recovery key</source>
        <translation>导出恢复密钥</translation>
    </message>
    <message>
        <source>Export the recovery key of vault %1 now?</source>
        <translation>现在导出备份库 %1 的恢复密钥吗？</translation>
    </message>
    <message>
        <source>The key that opens this vault is kept in this workspace. The recovery key opens the vault from any other workspace, e.g. after losing this computer. Save it to a file and keep it somewhere safe, away from the backups.</source>
        <translation>打开此备份库的密钥保存在此工作区中。恢复密钥可以从任何其他工作区打开备份库，例如在这台计算机丢失之后。请将其保存到文件，并存放在远离备份的安全位置。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the recovery key of %1</source>
        <translation>保存 %1 的恢复密钥</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>The recovery key of %1 was not exported: %2</source>
        <translation>%1 的恢复密钥未导出：%2</translation>
    </message>
    <message>
        <source>Recovery key of %1 saved to %2 (readable by you only). Keep it away from the backups.</source>
        <translation>%1 的恢复密钥已保存到 %2（仅您可读）。请将其存放在远离备份的地方。</translation>
    </message>
    <message>
        <source>Backing up %1 into %2</source>
        <translation>正在将 %1 备份到 %2</translation>
    </message>
    <message>
        <source>Restoring %1 into %2</source>
        <translation>正在将 %1 恢复到 %2</translation>
    </message>
    <message>
        <source>Checking reads the vault&apos;s index and points.</source>
        <translation>校验会读取备份库的索引和备份点。</translation>
    </message>
    <message>
        <source>Checking vault %1</source>
        <translation>正在校验备份库 %1</translation>
    </message>
    <message>
        <source>Backed up into %1: point %2, %3 files, %4 (%5 new data stored).</source>
        <translation>已备份到 %1：备份点 %2，%3 个文件，%4（新存储 %5 数据）。</translation>
    </message>
    <message>
        <source>Restored %1 files and folders (%2) into %3.</source>
        <translation>已将 %1 个文件和文件夹（%2）恢复到 %3。</translation>
    </message>
    <message>
        <source>Vault %1 checked: %2 points, no problems found.</source>
        <translation>备份库 %1 已校验：%2 个备份点，未发现问题。</translation>
    </message>
    <message>
        <source>The job finished with problems: %1 See the Jobs page for the list.</source>
        <translation>任务完成但有问题：%1 详见“任务”页面中的列表。</translation>
    </message>
    <message>
        <source>The job was cancelled. %1</source>
        <translation>任务已取消。%1</translation>
    </message>
    <message>
        <source>The job failed: %1</source>
        <translation>任务失败：%1</translation>
    </message>
    <message>
        <source>Delete point</source>
        <translation>删除备份点</translation>
    </message>
    <message>
        <source>Delete point %1 of vault %2?</source>
        <translation>删除备份库 %2 的备份点 %1 吗？</translation>
    </message>
    <message>
        <source>The point made on %1 from %2 (%3) can no longer be restored. Other points are not affected; data they share with this point is kept. This cannot be undone.</source>
        <translation>于 %1 从 %2 创建的备份点（%3）将无法再恢复。其他备份点不受影响；它们与此备份点共享的数据会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Deleting a point changes the vault.</source>
        <translation>删除备份点会更改备份库。</translation>
    </message>
    <message>
        <source>Point %1 was not deleted: %2</source>
        <translation>备份点 %1 未删除：%2</translation>
    </message>
    <message>
        <source>Point %1 deleted from %2.</source>
        <translation>已从 %2 删除备份点 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Everything the vault keeps in region %1 is deleted: its %n backup point(s) and %2 of stored data. No point of this vault can be restored afterwards, from this or any other workspace.</source>
        <translation>
            <numerusform>该备份库在地域 %1 中保存的全部内容都将被删除：%n 个备份点和 %2 的已存储数据。之后无法从此工作区或任何其他工作区恢复此备份库的任何备份点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Its managed key is deleted from this workspace too.</source>
        <translation>其托管密钥也会从此工作区删除。</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete vault</source>
        <translation>删除备份库</translation>
    </message>
    <message>
        <source>Delete vault %1 and all its data?</source>
        <translation>删除备份库 %1 及其全部数据吗？</translation>
    </message>
    <message>
        <source>Vault %1 was not deleted: %2</source>
        <translation>备份库 %1 未删除：%2</translation>
    </message>
    <message>
        <source>Vault %1 and its data were deleted.</source>
        <translation>备份库 %1 及其数据已删除。</translation>
    </message>
    <message>
        <source>Re&amp;plication…</source>
        <translation>复制(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Stop replication…</source>
        <translation>停止复制(&amp;S)…</translation>
    </message>
    <message>
        <source>Create re&amp;plica…</source>
        <translation>创建副本(&amp;P)…</translation>
    </message>
    <message>
        <source>Configure backup vault replication: copy every point of the selected vault into a vault in another region</source>
        <translation>配置备份库复制：将所选备份库的每个备份点复制到另一个地域中的备份库</translation>
    </message>
    <message>
        <source>%1 is a replication target of %2 and read-only: only copies from %2 write into it. Back up into %2 instead.</source>
        <translation>%1 是 %2 的复制目标，为只读：只有来自 %2 的复制会写入其中。请改为备份到 %2。</translation>
    </message>
    <message>
        <source>%1 replicates to another region; a source vault cannot be deleted while it replicates. Stop replication first.</source>
        <translation>%1 正在复制到另一个地域；正在复制的源备份库无法删除。请先停止复制。</translation>
    </message>
    <message>
        <source>The points of a replication target mirror its source; delete the point in %1 and its copy here goes too.</source>
        <translation>复制目标的备份点与其源保持一致；在 %1 中删除该备份点后，此处的副本也会随之删除。</translation>
    </message>
    <message>
        <source>Only general backup vaults replicate; a replica or standalone vault cannot be replicated again.</source>
        <translation>只有通用备份库可以复制；副本或独立备份库不能再次被复制。</translation>
    </message>
    <message>
        <source>Stop replicating to the selected target (or the only one); this cannot be undone</source>
        <translation>停止复制到所选目标（或唯一的目标）；此操作无法撤销</translation>
    </message>
    <message>
        <source>The selected vault does not replicate to another region.</source>
        <translation>所选备份库未复制到其他地域。</translation>
    </message>
    <message>
        <source>Select a point to copy to another region.</source>
        <translation>请选择要复制到其他地域的备份点。</translation>
    </message>
    <message>
        <source>This point is a replica; replicas cannot be replicated again. Copy the original point from its source vault.</source>
        <translation>此备份点是副本；副本不能再次被复制。请从其源备份库复制原始备份点。</translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions.</source>
        <translation>归档层的备份点不会复制到其他地域。</translation>
    </message>
    <message>
        <source>Copy the selected point to another region</source>
        <translation>将所选备份点复制到另一个地域</translation>
    </message>
    <message>
        <source>%1 is a replication target of %2: read-only, its points follow %2&apos;s expiry.</source>
        <translation>%1 是 %2 的复制目标：只读，其备份点遵循 %2 的过期时间。</translation>
    </message>
    <message>
        <source>Replication of %1</source>
        <translation>%1 的复制</translation>
    </message>
    <message>
        <source>%1 does not replicate to another region (Replication… sets it up).</source>
        <translation>%1 未复制到其他地域（可通过“复制…”进行设置）。</translation>
    </message>
    <message>
        <source>The copy to %1 was not queued: %2 It runs with the next sync.</source>
        <translation>复制到 %1 的任务未加入队列：%2 它将在下次同步时运行。</translation>
    </message>
    <message>
        <source>%1 is a %2 vault; only general backup vaults replicate, and replicas cannot be replicated again.</source>
        <translation>%1 的类型为 %2；只有通用备份库可以复制，且副本不能再次被复制。</translation>
    </message>
    <message>
        <source>%1 now replicates to %2 in region %3. It has no point to sync yet; every new point is copied after its backup.</source>
        <translation>%1 现在复制到地域 %3 中的 %2。目前还没有需要同步的备份点；每个新备份点都会在备份完成后复制。</translation>
    </message>
    <message>
        <source>Replication to %1 is set up, but the initial sync did not start: %2 It runs with the next sync (crossvault-cli agent --once).</source>
        <translation>到 %1 的复制已设置，但初始同步未启动：%2 它将在下次同步时运行（crossvault-cli agent --once）。</translation>
    </message>
    <message numerus="yes">
        <source>Initial sync of %1 to %2 (%3): %n point(s)</source>
        <translation>
            <numerusform>将 %1 初始同步到 %2（%3）：%n 个备份点</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 does not replicate to another region.</source>
        <translation>%1 未复制到其他地域。</translation>
    </message>
    <message>
        <source>%1 replicates to several targets: select the one to stop in the replication list.</source>
        <translation>%1 复制到多个目标：请在复制列表中选择要停止的目标。</translation>
    </message>
    <message>
        <source>Stop replication</source>
        <translation>停止复制</translation>
    </message>
    <message>
        <source>Stop replicating %1 to %2 in region %3?</source>
        <translation>要停止将 %1 复制到地域 %3 中的 %2 吗？</translation>
    </message>
    <message>
        <source>This cannot be undone: replication to %1 cannot be resumed. %1 becomes a standalone vault: it keeps its points and their inherited expiry, no longer receives new points, and can then be locked or deleted on its own. To replicate %2 to region %3 again, configure a new target.</source>
        <translation>此操作无法撤销：到 %1 的复制无法重新启用。%1 将成为独立备份库：保留其备份点及继承的过期时间，不再接收新的备份点，之后可单独锁定或删除。要再次将 %2 复制到地域 %3，请配置新的目标。</translation>
    </message>
    <message>
        <source>Replication was not stopped: %1</source>
        <translation>复制未停止：%1</translation>
    </message>
    <message>
        <source>%1 no longer replicates to %2; %2 is now a standalone vault.</source>
        <translation>%1 不再复制到 %2；%2 现在是独立备份库。</translation>
    </message>
    <message>
        <source>The replica was not started: %1</source>
        <translation>未能开始创建副本：%1</translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (%3)</source>
        <translation>正在将备份点 %1 复制到 %2（%3）</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n point(s) from %1 to %2 in region %3: %4 sent, %5 already there.</source>
        <translation>
            <numerusform>已将 %n 个备份点从 %1 复制到地域 %3 中的 %2：发送 %4，%5 已存在。</numerusform>
        </translation>
    </message>
    <message>
        <source>T&amp;ier and expiry…</source>
        <translation>存储层与过期(&amp;I)…</translation>
    </message>
    <message>
        <source>The points of a replication target follow its source&apos;s tier and expiry; change the point in %1.</source>
        <translation>复制目标的备份点跟随其源的存储层和过期时间；请在 %1 中修改该备份点。</translation>
    </message>
    <message>
        <source>Move the selected point to the archive tier or change when it expires</source>
        <translation>将所选备份点移到归档层，或修改其过期时间</translation>
    </message>
    <message>
        <source>Move to the archive tier</source>
        <translation>移到归档层</translation>
    </message>
    <message>
        <source>Move point %1 of %2 to the archive tier?</source>
        <translation>将 %2 的备份点 %1 移到归档层？</translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions: the copies of this point in the replication targets of %1 are deleted now. The point itself stays in %1.</source>
        <translation>归档层备份点不会复制到其他地域：%1 的复制目标中该备份点的副本将立即删除。备份点本身仍保留在 %1 中。</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Removing the copies of the point changes the replication targets.</source>
        <translation>删除该备份点的副本会修改复制目标。</translation>
    </message>
    <message>
        <source>Point %1 was not changed: %2</source>
        <translation>备份点 %1 未修改：%2</translation>
    </message>
    <message>
        <source>Point %1 changed; its copies in replication targets follow.</source>
        <translation>备份点 %1 已修改；复制目标中的副本随之变化。</translation>
    </message>
    <message>
        <source>The expiry was changed, the tier was not: </source>
        <translation>过期时间已修改，存储层未修改：</translation>
    </message>
    <message>
        <source>%1 is the replication target of %2; deleting it would end that replication. Stop replication in %2 first.</source>
        <translation>%1 是 %2 的复制目标；删除它会终止该复制。请先在 %2 中停止复制。</translation>
    </message>
    <message>
        <source>Region %1 cannot be written. Stop replicating %2 to %3 in this workspace anyway?</source>
        <translation>无法写入地域 %1。仍要在此工作区中停止将 %2 复制到 %3 吗？</translation>
    </message>
    <message>
        <source>%1

If the region is lost for good, stop here anyway: the link ends in this workspace, but the target&apos;s storage gets no stop mark, so a workspace that imports %2 later sees a replication target again. This cannot be undone.</source>
        <translation>%1

如果该地域已永久丢失，可以仍在此处停止：复制关系在此工作区中结束，但目标的存储中不会留下停止标记，因此之后导入 %2 的工作区会再次将其视为复制目标。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Stop anyway</source>
        <translation>仍然停止</translation>
    </message>
    <message>
        <source>%1 no longer replicates to %2 in this workspace; region %3 could not be marked (%4).</source>
        <translation>%1 在此工作区中不再复制到 %2；无法在地域 %3 中写入标记（%4）。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>not started — %1</source>
        <translation>未启动 — %1</translation>
    </message>
    <message>
        <source>%1 (%2 sent, %3 already there)</source>
        <translation>%1（已发送 %2，已存在 %3）</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message numerus="yes">
        <source>Point %1 copied to %n region(s): %2.</source>
        <translation>
            <numerusform>备份点 %1 已复制到 %n 个地域：%2。</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not every copy of point %1 was made. Copied to: %2. Not copied: %3. Create the replica again for the regions left out.</source>
        <translation>备份点 %1 的副本未全部完成。已复制到：%2。未复制：%3。请为遗漏的地域重新创建副本。</translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (%3), copy %4 of %5; the others run alongside</source>
        <translation>正在将备份点 %1 复制到 %2（%3），第 %4 个副本，共 %5 个；其余同时进行</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot to %1 (check that its folder exists and is writable).</source>
        <translation>无法将截图写入 %1（请检查其所在文件夹是否存在且可写）。</translation>
    </message>
    <message>
        <source>Crossvault console: cross-region backup administration.</source>
        <translation>Crossvault 控制台：跨地域备份管理。</translation>
    </message>
    <message>
        <source>Workspace folder (default: $CROSSVAULT_WORKSPACE, else the application data folder).</source>
        <translation>工作区文件夹（默认：$CROSSVAULT_WORKSPACE，否则为应用程序数据文件夹）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Render a page to a PNG file and exit (needs no display).</source>
        <translation>将页面渲染为 PNG 文件后退出（无需显示器）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Page to show: %1.</source>
        <translation>要显示的页面：%1。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Language for this run (en, zh_CN); default: the workspace&apos;s setting, else the system&apos;s.</source>
        <translation>本次运行使用的语言（en、zh_CN）；默认：工作区的设置，否则为系统语言。</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>--page: &apos;%1&apos; is not a page; use one of %2.</source>
        <translation>--page：“%1”不是页面；请使用 %2 之一。</translation>
    </message>
    <message>
        <source>The workspace %1 cannot be opened.</source>
        <translation>无法打开工作区 %1。</translation>
    </message>
    <message>
        <source>Crossvault</source>
        <translation>Crossvault</translation>
    </message>
    <message>
        <source>Close any other Crossvault window or crossvault-cli using this workspace, or start with --workspace DIR to use another folder.</source>
        <translation>请关闭正在使用此工作区的其他 Crossvault 窗口或 crossvault-cli，或使用 --workspace DIR 启动以使用其他文件夹。</translation>
    </message>
</context>
</TS>
