<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Backup::Vault</name>
    <message>
        <source>The backup was cancelled; no point was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point id &apos;%1&apos; is invalid: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup point &apos;%1&apos; already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vanished during the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no target folder given for the restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path &apos;%1&apos; is not in backup point &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the restore folder &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds an unsafe path &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; already exists; restore with overwrite to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create folder &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot create the symlink: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot set the mode: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot set the modification time: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replace &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunk %1 of &apos;%2&apos; is missing from the vault&apos;s index (point &apos;%3&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is shorter than the index says (truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the chunk at offset %1 failed authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid key object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a valid index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing (an index lists it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its size %1 differs from the %2 bytes the index records (truncated or modified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s) of this point are in no index (their data is lost)</source>
        <translation>
            <numerusform>%n chunk of this point is in no index (its data is lost)</numerusform>
            <numerusform>%n chunks of this point are in no index (their data is lost)</numerusform>
        </translation>
    </message>
    <message>
        <source>its content does not match its name (modified or truncated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s) failed authentication</source>
        <translation>
            <numerusform>%n chunk failed authentication</numerusform>
            <numerusform>%n chunks failed authentication</numerusform>
        </translation>
    </message>
    <message>
        <source>Prune refused: the vault is damaged (%1: %2); run check and repair first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; in %2 is corrupt: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; is missing from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file &apos;%1&apos; cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file &apos;%1&apos; is too short (at least 16 bytes are needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; is corrupt: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a Crossvault vault config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vault at &apos;%1&apos; uses format version %2; this Crossvault reads up to version %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown encryption method &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid id, chunker or pack parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no vault at &apos;%1&apos; in %2 (no config object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault object &apos;%1&apos; in %2 is corrupt: not valid JSON (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Argon2id key derivation failed (out of memory?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compression level must be between 1 and 19, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chunker sizes must satisfy 1 KiB &lt;= min &lt; avg &lt; max &lt;= 64 MiB with avg a power of two</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pack size must be at least the maximum chunk size and at most 512 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a managed-key vault needs a 32-byte managed key (or none to generate one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a customer-key vault needs a passphrase or a key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the passphrase must have at least 8 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vault already exists at &apos;%1&apos; in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key given to open the vault (or the recovery key is malformed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a managed key: open it with its managed key or recovery key, not a passphrase or key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: open it with its passphrase or key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown key derivation parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key derivation failed with its parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wrapped master key failed authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the vault has no key objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key does not open vault &apos;%1&apos; in %2 (wrong passphrase, key file or managed key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it failed authentication (it was modified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: its passphrase or key file is the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it failed authentication (modified, truncated or written with another key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a tree object name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a valid tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup point &apos;%1&apos; does not exist in this vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a valid point manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chunk %1 of &apos;%2&apos; is not in the vault&apos;s index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore stopped after %1 of %2 files (each of those complete and verified; no partly written file is left): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore was cancelled after %1 of %2 files; those are complete and verified, no partly written file is left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos; in %2: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; in %2: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full (or over quota); free space and retry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>A &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An &amp;SQLite database file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up into vault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One pattern per line, e.g.
*.tmp
cache/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Exclude:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup runs as a job: follow it below the vault list or on the Jobs page, and cancel it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database file, e.g. /srv/app/data.sqlite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder to back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the SQLite database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder to back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the SQLite database file to back up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder to back up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of vault %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Catalog error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the catalog %1: permission denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Crossvault catalog (not an SQLite database). Move it away or choose another workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 is read-only. Crossvault needs to write to it; check the file&apos;s permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the catalog %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 is being written by another process (%2, pid %3); try again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start a catalog transaction: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot commit to the catalog: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Crossvault catalog or is damaged: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 was written by a newer Crossvault (schema %2; this version understands up to %3). Upgrade Crossvault to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is an SQLite database but not a Crossvault catalog. Choose another workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 cannot be upgraded: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 is read-only; it cannot be upgraded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog migration to schema %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 is busy with another job of this program; try again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 is being written by another process; try again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog %1 stayed locked by another process; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog stayed locked by another process; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;crossvault-cli %1 --help&apos; for usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs the name of an environment variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the environment variable %2 is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the environment variable %2 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the vault&apos;s passphrase (customer key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File holding the vault&apos;s key (customer key file, or a managed vault&apos;s recovery key at import).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give either --passphrase-env or --key-file, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--key-file: %1 is not a readable file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Agent: %n copy job(s) run.</source>
        <translation>
            <numerusform>Agent: %n copy job run.</numerusform>
            <numerusform>Agent: %n copy jobs run.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: region &apos;%2&apos; has no price sheet (a local folder costs nothing to price); link one with &apos;region add … --price-sheet ID&apos; or name a sheet such as gcp/us-west1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n price sheet(s) from %1.</source>
        <translation>
            <numerusform>Imported %n price sheet from %1.</numerusform>
            <numerusform>Imported %n price sheets from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n price sheet(s) to %1.</source>
        <translation>
            <numerusform>Exported %n price sheet to %1.</numerusform>
            <numerusform>Exported %n price sheets to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is encrypted with a managed key kept only in this workspace. Export its recovery key and keep it away from this machine, or the vault cannot be opened from another workspace or region:
  crossvault-cli vault export-key %1 --to FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli [--workspace DIR] [--json] COMMAND ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  --workspace DIR  workspace folder (default: $CROSSVAULT_WORKSPACE, else the console&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  --json           print one JSON document on stdout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  --help           this help; &apos;COMMAND --help&apos; for a command&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  --version        print the version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 failed, 2 bad usage or input, 3 refused by a rule, 4 partial success.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossvault-cli: --workspace needs a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossvault-cli: unknown global option %1; run &apos;crossvault-cli --help&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crossvault-cli: unknown command &apos;%1&apos;; run &apos;crossvault-cli --help&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 job %2 started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling job %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 %3% (%4 of %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1/%2 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run due work (replication copies); --once: run it and exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs what is due: copies of points that replicating vaults&apos; targets still lack (after a --no-wait backup, an interrupted copy or a restart), and mirrors source points&apos; deletions, archive moves and expiry changes into the targets. Jobs of killed processes are marked failed first. With --once it runs that once and exits; without, it checks every minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run what is due and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agent: takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: mirroring %1 into its targets: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: copy %1 -&gt; %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n copy(ies) in targets updated to follow their source.</source>
        <translation>
            <numerusform>%n copy in targets updated to follow its source.</numerusform>
            <numerusform>%n copies in targets updated to follow their source.</numerusform>
        </translation>
    </message>
    <message>
        <source>back up a folder or SQLite database into a vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backs SOURCE (a folder, or a SQLite database with --kind sqlite) up into a vault as a new backup point. Exit code 4 when some files could not be read (they are listed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder or SQLite database file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault to back up into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder (default for folders) or sqlite (default for files).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Glob of paths to leave out (repeatable), e.g. &apos;*.tmp&apos;, &apos;cache/&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the point to another region afterwards (replication).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not wait for chained copy jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: give exactly one SOURCE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --vault is required (see &apos;vault list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --copy-to %1: DAYS must be a whole number of days, at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --copy-to needs a REGION[:DAYS], not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --copy-to copies run in this process after the backup; drop --no-wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: SOURCE %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --kind folder needs a folder, but %1 is a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --kind sqlite needs a database file, but %1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --exclude applies to folders only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backup: --kind must be folder or sqlite, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: copy to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: copy to region %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up %1 into vault %2: point %3, %4 files, %5 bytes (%6 new stored bytes) in %7 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1 Not backed up:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: the recovery key of vault %1 was never exported: crossvault-cli vault export-key %1 --to FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check a vault&apos;s structure (and, with --read-data, its contents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks a vault: every object its points need exists and parses; with --read-data, re-reads and authenticates stored data. Missing or corrupt objects are named and give exit code 1; leftovers of interrupted backups are only reported as reclaimable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-read and authenticate the stored data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --read-data: percentage of packs to read (1-100).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: give exactly one VAULT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: --subset applies with --read-data only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check: --subset must be a percentage from 1 to 100, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 is consistent: %2 point(s), %3 pack(s) present, %4 re-read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 leftover object(s) (%2) from interrupted backups are reclaimable by &apos;prune %3&apos;; they are not errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy a backup point to another region (a replica)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies a backup point to a replica vault in another region, sending only what that vault lacks. The replica is kept until deleted unless --expire-days is given. At most one replica per point and region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point id (see &apos;points&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination vault (a replica of the point&apos;s vault; created when missing). Default: the source&apos;s replication target in the region, else SOURCE-REGION.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The point&apos;s vault, when the id is in several.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica name: 1-64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most 255 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the replica after this many days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit per second, e.g. 20MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy: give exactly one POINT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy: --to-region R is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy: --expire-days must be a whole number of days, at least 1, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created replica vault %1 in region %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied point %1 to vault %2 in region %3: %4 bytes sent, %5 bytes already there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes a copy would move after dedup, the target&apos;s growth and its price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows what &apos;copy POINT --to-region R&apos; would send (only what the destination lacks), how much the destination grows, and the price when the regions have price sheets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination vault (as for &apos;copy&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy-preview: give exactly one POINT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy-preview: --to-region R is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; disappeared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, transfer %1 %2, storage %3 %2 per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (vault %3) would move %4 (%5 already there); the destination grows by %4%6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate what backups and copies cost; price a copy; month-to-date actual costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli cost estimate --size SIZE --from SHEET --to SHEET[:DAYS][,…] [options]
       crossvault-cli cost copy --size SIZE --from SHEET --to SHEET
       crossvault-cli cost actual [--vault V]
Run &apos;crossvault-cli cost SUBCOMMAND --help&apos; for details. Price sheets: &apos;crossvault-cli price list&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimates the cost of keeping backups of a source in copy regions (and, with --include-source, in the source region): stored bytes per region once retention has filled, storage and transfer over --months, and a month-by-month projection (at least 12 months) that shows the ramp-up while retention fills.
Regions are price sheet ids (see &apos;price list&apos;). 1 GB = 10^9 bytes; a month is 730 hours.
Money is printed as exact decimal strings in the sheets&apos; currency (&quot;2.80&quot;); with --json: {&quot;currency&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;months&quot;,&quot;regions&quot;:[{&quot;region&quot;,&quot;storage&quot;,&quot;transfer&quot;,&quot;total&quot;,&quot;steadyStoredBytes&quot;,&quot;projection&quot;:[…]}],&quot;notes&quot;}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source size, e.g. 20GB, 1.5TiB (GB = 10^9 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet of the source region, e.g. gcp/us-west1, or a workspace region linked to one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy regions, comma-separated, each optionally with its own retention: gcp/us-east4,gcp/europe-west3:90.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Months summed into the totals (1-120, default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention of the source and of copies without their own (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New unique data per day, percent of the source (default 0), e.g. 1.5%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedup and compression ratio, logical:stored (default 1), e.g. 2.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours between backups (default 24).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also price the source region&apos;s own storage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost estimate: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost estimate: --size is required (e.g. --size 20GB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost estimate: --from is required (a price sheet id such as gcp/us-west1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--retention-days: &apos;%1&apos; is not a whole number of days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--months: &apos;%1&apos; is not a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--interval-hours: &apos;%1&apos; is not a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--change-rate: &apos;%1&apos; is not a percentage such as 1.5%.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--ratio: &apos;%1&apos; is not a ratio such as 2.5 or 2.5:1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--to: &apos;%1&apos; needs whole days after &apos;:&apos; (e.g. gcp/europe-west3:90).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REGION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STORED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STORAGE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TRANSFER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOTAL (1 month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOTAL (%1 months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices moving SIZE once from one price sheet region to another (a copy or replication preview), plus a month of keeping it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes to move, e.g. 20GB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source price sheet, e.g. gcp/us-west1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination price sheet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cost copy: --%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving %1 from %2 to %3 (%4): %5 transfer, then %6 a month to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month-to-date costs: each vault&apos;s stored bytes priced with its region&apos;s sheet since the 1st of the month (UTC), plus the bytes copy jobs moved. Regions without a price sheet (local folders) cost 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No vaults in the catalog yet: nothing stored, cost 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month to date (%1 hours since %2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VAULT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOTE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list, show or cancel jobs (backups, restores, checks…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli jobs list [--state S] [--type T] | show ID | cancel ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only jobs in this state: queued, running, succeeded, failed, cancelled, partial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only jobs of this type: backup, restore, check…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists jobs, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows one job with its progress and result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancels a queued or running job (also one run by another process).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job id (see &apos;jobs list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs list: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs list: --state must be one of %1, not &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs %1: give exactly one job ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs %1: ID must be a positive number, not &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 has already finished (%2); there is nothing to cancel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked job %1 to cancel; the process running it (pid %2) stops it within a second or so, leaving the vault consistent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete a backup point, or change its tier or expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli point delete POINT [--vault V] [--yes]
       crossvault-cli point set POINT [--vault V] [--tier standard|archive] [--expire-days N | --no-expiry]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deletes a backup point from its vault. Its data is freed by the next prune. The copies of the point in the vault&apos;s replication targets are deleted too; points of a replication target cannot be deleted (they mirror the source). Refused without --yes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault of the point (when the id is in several vaults).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the deletion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point delete: give exactly one POINT id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusing to delete point %1 without --yes. This would permanently delete the backup of %2 taken %3 (%4 files, %5) from vault &apos;%6&apos;. Run again with --yes to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted point %1 from vault %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes a backup point&apos;s storage tier or expiry. The point&apos;s copies in the vault&apos;s replication targets follow: they inherit the expiry, and a point moved to the archive tier is no longer synced and its copies are removed. Points of a replication target cannot be changed (they mirror the source).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard or archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expire N days from now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the point until it is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point set: give exactly one POINT id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point set: give --tier, --expire-days or --no-expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point set: --expire-days and --no-expiry exclude each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>point set: --expire-days must be a positive number of days, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 of vault %2: tier %3, %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept until deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list backup points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists backup points, oldest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this vault&apos;s points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only points of this source (folder or file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POINT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list, show, import, export or reset the price sheets used for cost estimates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli price list | show ID | import FILE | export FILE [--id ID]… | reset ID
Prices are per GB (10^9 bytes) in each sheet&apos;s currency; storage per GB-month or GB-hour (730 hours a month). Workspace edits live in &lt;workspace&gt;/prices.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the price sheets: the shipped defaults with the workspace&apos;s edits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price list: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONTINENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SAME-CONT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OTHER-CONT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EGRESS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ORIGIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows one price sheet with the source and date of every figure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet id, e.g. gcp/us-west1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price show: give exactly one sheet ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price show: no price sheet &apos;%1&apos; (see &apos;price list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer, same continent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer, other continent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>egress (other providers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imports the sheets of a price file into the workspace (replacing sheets with the same id). A malformed file is refused with its line and field, and nothing changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price file (JSON, as written by &apos;price export&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price import: give exactly one FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes the price sheets (all, or those named with --id) to a JSON file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this sheet (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price export: give exactly one FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drops the workspace&apos;s edit of a sheet: a default sheet returns to the shipped figures, an imported sheet disappears.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price reset: give exactly one sheet ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the workspace&apos;s regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region list: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KIND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PROVIDER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOCATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds a region: a local or NAS folder (--kind local --path DIR) or an S3-compatible bucket (--kind s3 --endpoint URL --bucket B --access-key-env VAR --secret-key-env VAR).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region name: lowercase letters, digits and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage kind: local or s3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of a local region (created if missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider, for pricing (e.g. aws, aliyun, huawei, local).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continent: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name, e.g. &quot;eu-central-1 (Frankfurt)&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key prefix inside the bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SigV4 signing region (default us-east-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use path-style addressing (MinIO, Ceph, s3rver).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the access key id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle for a self-hosted endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: give exactly one region NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --kind is required (local or s3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --path is required for a local region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --%1 applies to s3 regions only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --path applies to local regions only; use --endpoint and --bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --%1 is required for an s3 region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region add: --kind must be local or s3, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added region %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tests a region with a real round trip: put, get, list and delete of a probe object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region test: give exactly one region NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 works: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removes a region from the workspace. Its stored data is not deleted. Refused while a vault lives in the region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted for symmetry with other destructive commands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region remove: give exactly one region NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed region %1 from the workspace (its stored files were left in place).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replicate a vault to replication-target vaults in other regions; stop; status and RPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicates a general vault to a replication-target vault in another region: the target is created from the source (same key material and encryption) or an existing replica is linked. All existing standard-tier points are copied now, with progress; every later backup is copied after it completes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The general vault to replicate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing replica vault in another region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the target vault with this name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region of the target to create.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description of the target to create.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link only; &apos;agent --once&apos; copies the existing points later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit per second of the initial sync, e.g. 20MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication enable: give exactly one SOURCE_VAULT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication enable: give either --target VAULT or --create-target NAME --region R.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication enable: --create-target needs --region R (a region other than the source&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication enable: --region goes with --create-target; an existing --target has its region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no vault named &apos;%1&apos; (see &apos;vault list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created replication-target vault %1 in region %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: the initial sync failed (replication stays enabled; rerun &apos;agent --once&apos;): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 replicates to %2 in region %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops replication for good: the target becomes a standalone vault that keeps its points and their inherited expiry (and can then be locked). Cannot be undone; refused without --yes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replicating vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm: stopping is irreversible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication stop: give exactly one SOURCE_VAULT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication stop: --target VAULT is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping replication is irreversible: &apos;%1&apos; becomes a standalone vault and will never receive points from &apos;%2&apos; again. Run &apos;crossvault-cli replication stop %2 --target %1 --yes&apos; to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication from %1 to %2 stopped; %2 is now a standalone vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication state per target: newest replicated point, lag behind the source&apos;s newest point (RPO), points and bytes still to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A source vault; all replicating vaults when omitted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication status: give at most one SOURCE_VAULT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 -&gt; %2 (%3): %4, newest %5, lag %6, pending %7 point(s), %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No vault replicates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore a backup point into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restores a backup point (or some of its paths) into a folder. Existing files are never overwritten without --overwrite. Exit code 4 when some items were restored with problems.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target folder (created if missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative path inside the point to restore (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace existing files in the target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore: give exactly one POINT id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restore: --to DIR is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored point %1 into %2: %3 files, %4 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create, list, import, delete vaults; export a managed vault&apos;s recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli vault create NAME --region R … | list | import NAME --region R … | delete NAME [--yes] | export-key NAME [--to FILE]
Run &apos;crossvault-cli vault SUBCOMMAND --help&apos; for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault: unknown sub-command &apos;%1&apos;.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a vault in a region. Managed encryption (default) keeps the key in this workspace; export its recovery key afterwards. Customer encryption needs --passphrase-env or --key-file, and the same secret for every later use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault name: lowercase letters, digits, &apos;-&apos; and &apos;_&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region the vault lives in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short label.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>managed (default) or customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>general (default), standalone or replication-target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: give exactly one vault NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: --region is required (see &apos;region list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: --passphrase-env and --key-file apply to --encryption customer only; a managed vault&apos;s key is generated and kept by the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: --encryption customer needs --passphrase-env VAR or --key-file FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: --encryption must be managed or customer, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created vault %1 in region %2 (%3 encryption).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the workspace&apos;s vaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault list: unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ENCRYPTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>POINTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds an existing vault of a region to this workspace (e.g. one made by another workspace) and lists its points. A managed vault needs its recovery key (--key-file FILE as written by &apos;vault export-key&apos;); a customer-key vault its passphrase or key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vault&apos;s name in the region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region holding the vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault import: give exactly one vault NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault import: --region is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported vault %1 from region %2: %3 point(s), %4 stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deletes a vault: all its backup points and stored data in its region, and its managed key. Cannot be undone; refused without --yes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault delete: give exactly one vault NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refusing to delete vault &apos;%1&apos; without --yes. This would permanently delete, in region &apos;%2&apos;: %3 backup point(s) and %4 of stored data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, and the workspace&apos;s copy of its managed key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, and its managed key, whose recovery key was never exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. Run &apos;crossvault-cli vault delete %1 --yes&apos; to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted vault %1 (%2 point(s)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports a managed vault&apos;s recovery key: to FILE (created 0600) or, without --to, printed on stdout. Keep it away from this machine; &apos;vault import … --key-file&apos; accepts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File to write the recovery key to (must not exist).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault export-key: give exactly one vault NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault export-key: --to %1 already exists; choose a new file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the recovery key of vault %1 to %2. Keep it safe and away from this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 multipart part size, 5MiB to 5GiB (default 8MiB); larger objects go up in parts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 requests at a time, 1 to 64 (default 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit of the region per second, e.g. 20MB; 0 for unlimited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: --part-size: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: --max-requests must be a whole number from 1 to 64, not &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: --limit-rate: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list, add, change, test or remove regions (storage endpoints)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli region list | add NAME … | set NAME … | test NAME | remove NAME [--yes]
Run &apos;crossvault-cli region SUBCOMMAND --help&apos; for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes what may change of a region: display name, provider, continent, price sheet, and an S3 region&apos;s transfer settings. Name, kind and location (endpoint, bucket, prefix) are fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet id such as gcp/us-west1; &quot;&quot; for none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region set: give exactly one region NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region set: give at least one of --display, --provider, --continent, --price-sheet, --part-size, --max-requests, --limit-rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region set: --part-size, --max-requests and --limit-rate apply to s3 regions only; &apos;%1&apos; is a local folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zstd level of the vault&apos;s data, 1 (fastest) to 19 (smallest); default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vault create: --compression-level must be a whole number from 1 to 19, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop in this workspace even when the target&apos;s region cannot be written (a region lost for good); its storage then carries no stop mark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: crossvault-cli replication enable SOURCE_VAULT (--target VAULT | --create-target NAME --region R) | stop SOURCE_VAULT --target VAULT --yes | status [SOURCE_VAULT] | limit [N]
Run &apos;crossvault-cli replication SUBCOMMAND --help&apos; for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows or sets the workspace&apos;s limit of replication targets per region (default 5). A lower limit refuses new targets only; existing links stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new limit (at least 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication limit: give at most one number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replication limit: &apos;%1&apos; is not a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 replication target(s) per region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit-rate must be a size per second such as 20MB, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication from %1 to %2 was already stopped; %2 is a standalone vault and its storage says so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: no stop mark was written into %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: the target&apos;s region could not be written (%1): a workspace that imports %2 later will see a replication target, not a standalone vault. Run this stop again when the region is reachable to mark it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication from %1 to %2 was already stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Continents</name>
    <message>
        <source>Africa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Antarctica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Europe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>North America</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oceania</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>South America</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CopyPreviewLabel</name>
    <message>
        <source>Estimating what the copy would move…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not estimate the copy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no point to copy yet; later points are copied after each backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s): %1 would move (%2 already there after dedup); the target grows by %3.</source>
        <translation>
            <numerusform>%n point: %1 would move (%2 already there after dedup); the target grows by %3.</numerusform>
            <numerusform>%n points: %1 would move (%2 already there after dedup); the target grows by %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Price: transfer %1 %2, storage %3 %2 per month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is an upper bound: enter the passphrase to count only what the point(s) use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Core::Workspace</name>
    <message>
        <source>The workspace %1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the workspace folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1 of the default region %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cost</name>
    <message>
        <source>%1: &apos;%2&apos; is not an amount; use a non-negative decimal with at most six decimals, such as &quot;0.02&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cost::CostEngine</name>
    <message>
        <source>unknown price sheet region &apos;%1&apos; (see &apos;price list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 GB = 10^9 bytes; a month is 730 hours; prices from the sheets&apos; sources, rounded to the cent only for display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example prices (not from a published list) for: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 0 bytes and 100 PB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; or &apos;%2&apos;, field priceSheet: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; has no price sheet (a local folder?): the copy is priced at 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a time after the month&apos;s start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no price sheet (local region): cost 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>priced in %1, not added to the %2 total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>copy between unpriced regions: cost 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer priced in %1, not added to the %2 total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be more than 0 bytes and at most 100 PB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 0% and 100% a day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 0.1 and 1000 (logical size : stored size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 1 hour and 366 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 1 and %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 1 and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name the source&apos;s price sheet region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name at least one copy region (or include the source region).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 copy regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a copy region is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is the source region; copies go to other regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is named twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retention must be between 1 and %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is priced in %1 but the source region in %2; edit one sheet so both use the same currency.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cost::PriceCatalog</name>
    <message>
        <source>%1 line %2, field %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object such as {&quot;price&quot;: &quot;0.02&quot;}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;price&apos; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a decimal amount such as &quot;0.02&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a non-negative amount with at most six decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a sheet id; use provider/region in lower case, e.g. gcp/us-west1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not match the id&apos;s provider &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an ISO 4217 code such as USD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be &quot;GB-month&quot; or &quot;GB-hour&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;transfer&apos; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object with sameContinent and otherContinent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of {&quot;to&quot;: id, &quot;price&quot;: amount}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object {&quot;to&quot;: id, &quot;price&quot;: amount}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a sheet id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read price file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write price file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 line %2: not valid JSON (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file must hold an object {&quot;version&quot;: 1, &quot;sheets&quot;: [...]}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only version 1 is understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of price sheets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; appears twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet &apos;%1&apos; has no workspace edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No price sheet &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cost::UsageCollector</name>
    <message>
        <source>No vault named &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CostBreakdownModel</name>
    <message>
        <source>Total (1 month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total (%1 months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per GB (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per GB-month; %2 bytes stored once retention (%3 days) has filled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CostsPage</name>
    <message>
        <source>Costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will keeping backups and copies cost? Enter the source and the copy regions; the breakdown and the 12-month projection follow as you type. Prices come from the price sheets (1 GB = 10^9 bytes; a month is 730 hours, so GB-hour prices are normalised to GB-months).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> % a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> : 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedup and compression: logical size divided by stored size (measured by a vault, or assumed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every 6 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every 12 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> month(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Months summed into the breakdown; the chart always shows at least 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also price the source region&apos;s storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add copy region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedup + compression:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup frequency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 GB = 10^9 bytes, as providers bill. A month is 730 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy regions, each with its own retention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source size: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedup + compression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup frequency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source retention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 keeps %2 once retention (%3 days) has filled, %4 a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual costs are unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No vaults yet: nothing is stored, so nothing is charged this month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month to date (%1 hours since %2 UTC): storage %3, transfer %4, total %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export: the estimate is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the estimate to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the chart to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the chart to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateReplicaDialog</name>
    <message>
        <source>&amp;Keep until deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpire after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional, e.g. audit-2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: why this copy is kept (at most 255 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;reate replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the copy moves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the point&apos;s own region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already holds a replica of this point (vault %1); at most one per region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every other region already holds a replica of point %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; is not valid: use 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos; (no spaces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description has %1 characters; at most 255 are allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of %1: the replica uses the same key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies point %1 of %2 (made %3) to each region ticked below as it is stored: encrypted, deduplicated against what each destination already holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination &amp;regions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the replication target of %2 in region %3: the copy there follows the expiry of point %4 in %2, like every point replication copies there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one destination region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one destination region that holds no replica of this point yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateVaultDialog</name>
    <message>
        <source>&amp;Managed key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Customer key (passphrase)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. finance-db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;; unique in this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what this vault keeps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: e.g. production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Con&amp;firm passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only your passphrase opens this vault. Crossvault does not keep it: if you lose it, the backups in this vault cannot be restored by anyone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault keeps the key in this workspace. Export the recovery key afterwards, so that the vault can be opened if this workspace is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the region the vault keeps its data in (add one on the Regions page first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase that will protect the vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase and its confirmation differ; type the same passphrase twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zstd level of the vault&apos;s data: 1 is fastest, 19 is smallest. Fixed when the vault is created; data that does not compress is stored as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compre&amp;ssion level:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobModel</name>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partly succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1 read, %2 new</source>
        <translation>
            <numerusform>%n file, %1 read, %2 new</numerusform>
            <numerusform>%n files, %1 read, %2 new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n skipped (see the job&apos;s result)</source>
        <translation>
            <numerusform>; %n skipped (see the job&apos;s result)</numerusform>
            <numerusform>; %n skipped (see the job&apos;s result)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1 into %2</source>
        <translation>
            <numerusform>%n file, %1 into %2</numerusform>
            <numerusform>%n files, %1 into %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found</source>
        <translation>
            <numerusform>%n problem found</numerusform>
            <numerusform>%n problems found</numerusform>
        </translation>
    </message>
    <message>
        <source>No problems; data read and authenticated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems in the structure</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) to %1: %2 sent, %3 already there</source>
        <translation>
            <numerusform>%n point to %1: %2 sent, %3 already there</numerusform>
            <numerusform>%n points to %1: %2 sent, %3 already there</numerusform>
        </translation>
    </message>
    <message>
        <source>↳ %1 after #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobProgressPanel</name>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the job; a cancelled backup leaves no point behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for other jobs on this vault…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finalising</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this job only; the jobs shown after it go on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Cancelled before it started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no job with id %1 (see &apos;jobs list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted: the process that ran this job (pid %1) ended before it finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 runs in another process; chain onto it from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run: its parent job %1 ended %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 has already finished (%2); there is nothing to cancel.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Jobs::BackupJob</name>
    <message>
        <source>Backup of %1 into vault &apos;%2&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 is stored in the vault but the catalog could not record it: </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be backed up.</source>
        <translation>
            <numerusform>%n file could not be backed up.</numerusform>
            <numerusform>%n files could not be backed up.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::CheckJob</name>
    <message>
        <source>Check of vault &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Vault &apos;%1&apos; is damaged: %n missing or corrupt object(s); first: %2: %3</source>
        <translation>
            <numerusform>Vault &apos;%1&apos; is damaged: %n missing or corrupt object; first: %2: %3</numerusform>
            <numerusform>Vault &apos;%1&apos; is damaged: %n missing or corrupt objects; first: %2: %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::RestoreJob</name>
    <message>
        <source>Restore of point %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) were restored with problems.</source>
        <translation>
            <numerusform>%n item was restored with problems.</numerusform>
            <numerusform>%n items were restored with problems.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Jobs::VaultJob</name>
    <message>
        <source>Cannot create the lock folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot take the lock of vault &apos;%1&apos; in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled while waiting for another job on vault &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobsPage</name>
    <message>
        <source>&amp;Cancel job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected queued or running job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-read the jobs from the catalog, including those of crossvault-cli</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups, restores and checks run as jobs: one at a time per vault, different vaults in parallel. Progress updates live; a cancelled job stops at its next step and leaves no half-made point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 was not cancelled: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 is being cancelled; it stops at its next step.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <source>The desktop keyring did not answer within %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desktop keyring has no such entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The desktop keyring refused access: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No desktop keyring is available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Crossvault has no keyring support.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Crossvault — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload from catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-read the workspace&apos;s catalog, e.g. after crossvault-cli changed it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Crossvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regions: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time Crossvault starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Crossvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A console for cross-region backup: deduplicated, encrypted vaults in several regions, with copies between them.

Workspace: %1
Qt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replication…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The limit was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>At most %n replication target(s) per region from now on.</source>
        <translation>
            <numerusform>At most %n replication target per region from now on.</numerusform>
            <numerusform>At most %n replication targets per region from now on.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Close this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault keeps backups of your folders and databases in several regions, so that losing one place — a disk, an office, a data centre — loses nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage regions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a region to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups can be copied between any two of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a region on another continent to survive a regional outage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local folders: %1 · S3 buckets: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-region copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open vaults…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate costs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No vault yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n backup point(s); </source>
        <translation>
            <numerusform>%n backup point; </numerusform>
            <numerusform>%n backup points; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 stored in %n vault(s) after dedup and compression.</source>
        <translation>
            <numerusform>%1 stored in %n vault after dedup and compression.</numerusform>
            <numerusform>%1 stored in %n vaults after dedup and compression.</numerusform>
        </translation>
    </message>
    <message>
        <source>No vault replicates to another region yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Active replication(s) into %n target vault(s).</source>
        <translation>
            <numerusform>Active replication into %n target vault.</numerusform>
            <numerusform>Active replications into %n target vaults.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) failed in the last 24 hours.</source>
        <translation>
            <numerusform>%n job failed in the last 24 hours.</numerusform>
            <numerusform>%n jobs failed in the last 24 hours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) without an exported recovery key.</source>
        <translation>
            <numerusform>%n vault without an exported recovery key.</numerusform>
            <numerusform>%n vaults without an exported recovery key.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) queued or running.</source>
        <translation>
            <numerusform>%n job queued or running.</numerusform>
            <numerusform>%n jobs queued or running.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing: no failed jobs, every recovery key exported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a vault in one of your regions on the Vaults page. Keep its recovery key somewhere safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up a folder or an SQLite database into your vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure replication of a vault to a region on another continent, so a lost region loses nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the recovery key of every managed-key vault: without it, a copy in another region cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a region for every place that should hold a copy: another disk, a NAS mount or an S3 bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimate what storage and cross-region transfer will cost on the Costs page before turning copies on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageFactory</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults hold your backups inside a region: deduplicated, compressed and encrypted. This page will list them with their region, encryption, size and restore points, and create, import and delete them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This page will back up a folder or an SQLite database into a vault, browse the restore points of every vault, restore files from them and copy them to other regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policies will run backups on a schedule (weekdays and a time window), keep restore points for a retention period, and copy them to other regions automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups, copies and checks run as jobs. This page will show running and finished jobs with their progress, and cancel or retry them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Costs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This page will estimate what storing and transferring your backups costs in each region, from the regions&apos; price sheets, before you create a copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The activity log will record what happened in this workspace: backups, copies, restores, deletions and failures, with who or which policy started them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Passphrase of vault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Passphrase of vault %2:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page is not built yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointModel</name>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some files could not be read when this point was made; %1 were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PointSettingsDialog</name>
    <message>
        <source>&amp;Keep until deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpire at the end of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier and expiry of point %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 of vault %2, made %3 from %4 (%5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions; copies of this point in replication targets are removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard-tier points are copied to the vault&apos;s replication targets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The point is deleted after this day; copies in replication targets follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The point is kept until it is deleted; copies in replication targets follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is locked: its expiry can move later, not earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 is locked until %2: choose that day or later, or keep it until deleted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PriceSheetDialog</name>
    <message>
        <source>Price sheets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price per GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source and date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per GB-month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per GB-hour (x 730 a month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer, same continent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer, other continent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egress to other providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore (retrieval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset to default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prices are per GB = 10^9 bytes in the sheet&apos;s currency; a month is 730 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import price sheets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export price sheets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (example)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited in the console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved your edit of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 uses the shipped figures again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n price sheet(s).</source>
        <translation>
            <numerusform>Imported %n price sheet.</numerusform>
            <numerusform>Imported %n price sheets.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1 price sheets to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectionChart</name>
    <message>
        <source>Projection, month by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point at a bar to see its value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, month %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegionDialog</name>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. nas-frankfurt (lower case, digits and dashes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Frankfurt office NAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price &amp;sheet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. gcp/europe-west3; empty: no price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local disk or NAS mount, e.g. /mnt/nas/crossvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created if missing. Crossvault checks that it can write there before saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit region %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local folder or NAS mount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name, kind and location of an existing region cannot change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the region&apos;s folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking that %1 is reachable and writable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. https://s3.eu-central-1.amazonaws.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bucket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an existing bucket, e.g. acme-backups-eu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;refix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional folder inside the bucket, e.g. crossvault/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gning region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>us-east-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Addressing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA bundle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional PEM file for a self-hosted endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access &amp;key ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. AKIAIOSFODNN7EXAMPLE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secre&amp;t key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret access key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys are kept in the workspace&apos;s secret store, never in the catalog, and are not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual-hosted: https://bucket.host/key (AWS and most clouds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path-style: https://host/bucket/key (MinIO, Ceph, most self-hosted stores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3-compatible bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored — leave blank to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing — enter the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint, bucket and prefix of an existing region cannot change. Enter new keys only to replace the stored ones; they are tested before they are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA bundle of the S3 endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key ID: enter the access key ID of an account that may use the bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key: enter the secret access key that belongs to the access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys of this region are missing from the workspace; enter both keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing %1: writing, reading, listing and deleting a probe object…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#1e7b34&quot;&gt;&amp;#10003; %1&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b3261e&quot;&gt;&amp;#10007; %1&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#6b7785&quot;&gt;… waiting for the store&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#b3261e&quot;&gt;Failed.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:#1e7b34&quot;&gt;Works.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection works: Crossvault wrote, read, listed and deleted a probe object in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects larger than this are uploaded in parts of this size (S3 multipart upload).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many requests Crossvault sends to this store at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upper bound of the bandwidth all transfers to and from this region share (1 MB = 10^6 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegionModel</name>
    <message>
        <source>Local folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S3 bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Location: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Location: %2
Endpoint: %3
Signing region: %4
Addressing: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path-style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual-hosted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
CA bundle: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Bandwidth limit: %1 MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Parallel requests: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Part size: %1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Regions</name>
    <message>
        <source>A region named &apos;%1&apos; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The region &apos;%1&apos; holds %n vault(s); delete or move them before removing the region.</source>
        <translation>
            <numerusform>The region &apos;%1&apos; holds %n vault; delete or move it before removing the region.</numerusform>
            <numerusform>The region &apos;%1&apos; holds %n vaults; delete or move them before removing the region.</numerusform>
        </translation>
    </message>
    <message>
        <source>Local East (embedded default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local West (embedded default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: a region needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: &apos;%1&apos; is not a valid region name; use lowercase letters, digits and &apos;-&apos;, starting with a letter or digit, at most 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: a region named &apos;%1&apos; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name: at most 100 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continent: &apos;%1&apos; is not one of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price sheet: &apos;%1&apos; is not a price sheet id such as gcp/us-west1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: a local region needs a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: &apos;%1&apos; is not an absolute path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: the region &apos;%1&apos; already uses %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind: &apos;%1&apos; is not a storage kind; use local or s3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: cannot create %1 (check the parent folder&apos;s permissions and that the mount is present).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not usable: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key: an S3 region needs its access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key: an S3 region needs its secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region &apos;%1&apos; is a local folder; it has no keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials of region &apos;%1&apos; are missing from this workspace; add the region again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Regions::S3Location</name>
    <message>
        <source>Endpoint: enter the URL of the S3 service, e.g. https://s3.eu-central-1.amazonaws.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; is not a valid URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must start with https:// (or http:// for a store on a trusted network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: the URL must not contain a user name or password; enter the keys in their own fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must not contain a query (&apos;?&apos;) or a fragment (&apos;#&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: enter the name of an existing bucket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; has %2 characters; a bucket name has 3 to 63.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; may contain only lowercase letters, digits, &apos;.&apos; and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must start and end with a letter or a digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not contain two periods in a row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not look like an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not start with the reserved prefix &apos;xn--&apos; or &apos;sthree-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; must not end with the reserved suffix &apos;-s3alias&apos; or &apos;--ol-s3&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix: at most 512 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix: use &apos;/&apos; to separate folders, not &apos;\&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix: &apos;%1&apos; must not contain &apos;.&apos; or &apos;..&apos; as a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix: control characters are not allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing region: &apos;%1&apos; is not a region name such as us-east-1 (letters, digits, &apos;-&apos; and &apos;_&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part size: %1 bytes is outside S3&apos;s multipart limits of 5 MiB to 5 GiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel requests: %1 is outside 1 to 64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit: give bytes per second up to 100 GB/s, or 0 for unlimited.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegionsPage</name>
    <message>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected region&apos;s display name, provider, continent or price sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected region from the workspace (its files are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the selected region is reachable and writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the region %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault forgets this region; the files in %1 are not deleted. A region that still holds a vault cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 was not removed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 removed. Its files in %2 are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 failed the test: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing region %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 is reachable and writable (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A region is a place where vaults keep their data: a local folder or NAS mount, or a bucket of an S3-compatible store. Keep copies in regions on different continents so that losing one place loses nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, provider, continent or location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault forgets this region and its stored keys; the objects in %1 are not deleted. A region that still holds a vault cannot be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 removed. Its objects in %2 are kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Replication</name>
    <message>
        <source>Region &apos;%1&apos; or &apos;%2&apos; is no longer in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no price sheet: cost not estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The limit of targets per region must be at least 1, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a replication target; replicas cannot be replicated again. Replicate its source vault instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a %2 vault; only general backup vaults replicate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (--region; see &apos;region list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is in region &apos;%2&apos;: a replication target must be in a different region, or it would not survive the loss of that region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; already replicates to &apos;%2&apos; in region &apos;%3&apos;: one target per region per source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; cannot replicate to itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses %2 encryption but &apos;%3&apos; uses %4: replication copies the stored, encrypted bytes as they are, so the target must use the source&apos;s encryption method and key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a %2 vault; a replication target must be a replication-target vault created from the source (use --create-target NAME --region R).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is already the replication target of &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was not created as a replica of &apos;%2&apos; (different key material), so &apos;%2&apos;&apos;s encrypted data could not be opened there; use --create-target NAME --region R.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; or &apos;%2&apos; disappeared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating replica vault &apos;%1&apos; in region &apos;%2&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created but its managed key could not be kept: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; does not replicate to &apos;%2&apos; (see &apos;replication status %1&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; replicates to &apos;%2&apos;; a source vault cannot be deleted while it replicates. Stop replication first: crossvault-cli replication stop %1 --target %2 --yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is a replication-target vault and read-only: only copies from its source write into it. Back up into the source vault instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos; and read-only: its points mirror the source&apos;s (deletion, expiry, archive tier). Change the point in &apos;%2&apos;, or stop replication first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the copy of point %1 from replication target &apos;%2&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tier must be standard or archive, not &apos;%1&apos; (--tier).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; of vault &apos;%2&apos; is locked; its expiry cannot be brought forward.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica name &apos;%1&apos; is not valid (--name): use 1 to 64 letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replica description has %1 characters; at most 255 are allowed (--description).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expire-days must be a positive number of days, not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (--to-region; see &apos;region list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 in vault &apos;%2&apos; is a replica; replicas cannot be replicated again. Copy the original point from its source vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 is in the archive tier; archive-tier points are not copied to other regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 is already in region &apos;%2&apos;; a copy must go to a different region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 already has a replica in region &apos;%2&apos; (vault &apos;%3&apos;): at most one replica per destination region. Delete that replica first to copy it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is in region &apos;%2&apos;, not &apos;%3&apos; (--vault, --to-region).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses %2 encryption but &apos;%3&apos; uses %4: copies keep the stored, encrypted bytes, so the target must use the source&apos;s encryption method and key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was not created as a replica of &apos;%2&apos; (different key material); give another --vault or none to create one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list the source vault (%1): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list the target vault (%1): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 is not in the source vault (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read what the points need from the source vault: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object %1, needed by the points to copy, is missing from the source vault (%2); run &apos;check&apos; on the source vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1 from the source: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source object %1 does not match its content address; run &apos;check&apos; on the source vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1 to the target: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1 in the target: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object %1 arrived damaged in the target (its size differs); it was removed, run the copy again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy cancelled; objects already sent stay and a rerun sends only the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the target vault&apos;s index: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is no longer a replication-target vault (replication to it was stopped).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created for the link but could not be removed again (%2): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication was not stopped: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos;; deleting it would end that replication. Stop replication first: crossvault-cli replication stop %2 --target %1 --yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the points of replication target &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing point %1, left in replication target &apos;%2&apos; by an interrupted copy: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; is the replication target of &apos;%2&apos; in region &apos;%3&apos;: its copies follow the source point&apos;s expiry, so --expire-days cannot apply there. Set the expiry on point %4 in &apos;%2&apos;, or copy into another vault of the region with --vault NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication to &apos;%1&apos; was stopped (its storage carries the replication-stopped mark, perhaps written by another workspace); a stopped target is never linked again. Create a new target instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication was not stopped: the target&apos;s region &apos;%1&apos; could not be written (%2). Stopping leaves a mark in the target&apos;s storage so that no workspace links it again; retry when the region is reachable, or stop in this workspace only (--force) if it is lost for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the points of source vault &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; already holds %2 replication targets, the workspace&apos;s limit per region. Raise it with &apos;crossvault-cli replication limit N&apos; or in the console&apos;s Settings &gt; Replication.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is now the replication target of &apos;%2&apos;, so it is not marked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a %2 vault, so it is not marked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Replication::CopyJob</name>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No point to copy from vault &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy from &apos;%1&apos; to &apos;%2&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 was copied but </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 was copied but the catalog could not record it: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication from &apos;%1&apos; to &apos;%2&apos; was stopped; the queued copy was not made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point(s) %1 are not in the source vault &apos;%2&apos; any more; nothing was copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point(s) %1 are not in the source vault &apos;%2&apos; any more and were not copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication to &apos;%1&apos; was stopped (its storage carries the replication-stopped mark, perhaps written by another workspace); the queued copy was not made. Stop the link here too: crossvault-cli replication stop %2 --target %1 --yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The points were copied to &apos;%1&apos; but could not be recorded: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplicationDialog</name>
    <message>
        <source>Configure backup vault replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters, digits, &apos;-&apos; and &apos;_&apos;; unique in this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: what this replica is for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: resource group or label, e.g. dr-site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Enable replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every standard-tier point of %1 (region %2) is copied into a read-only target vault in another region: the existing points now, every new point after its backup. The target&apos;s points expire with the source&apos;s; archive-tier points are not copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (fixed: the source&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A replica holds the source&apos;s encrypted bytes exactly as they are, so it must use the source&apos;s encryption method and key; another method could not open them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target &amp;region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target &amp;vault:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the source&apos;s own region; a target must be in a different region to survive the loss of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No region can take a target of %1; add a region on the Regions page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new target vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region&apos;s vaults could not be checked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a target region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up replication…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a target region other than %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a name for the new target vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The description has %1 characters; at most %2 are allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of %1: the target uses the same key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 disappeared.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplicationModel</name>
    <message>
        <source>Target of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replica of %1: only copies from the source write into it; its points follow the source&apos;s expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standalone (was target of %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication from %1 was stopped on %2; the vault keeps its points and their inherited expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>→ %n target(s): %1</source>
        <translation>
            <numerusform>→ %n target: %1</numerusform>
            <numerusform>→ %n targets: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) pending</source>
        <translation>
            <numerusform>%n point pending</numerusform>
            <numerusform>%n points pending</numerusform>
        </translation>
    </message>
    <message>
        <source>behind by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s), %1</source>
        <translation>
            <numerusform>%n point, %1</numerusform>
            <numerusform>%n points, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery point objective: how much older the newest point in %1 is than the newest standard-tier point of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RPO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplicationSettingsDialog</name>
    <message>
        <source>Replication settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each source vault replicates to at most one target per region; several sources may replicate into the same region. This limit caps how many replication targets one region holds in this workspace (5 by default). Lowering it refuses new targets only: existing replication continues.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication &amp;targets per region:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>&amp;Overwrite existing files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore point %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder to restore into (created if missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: if a file to restore already exists in the target folder, the restore stops and names it; nothing existing is changed. On: such files are replaced by the point&apos;s version. Other files in the folder are never deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: paths inside the point, one per line (a folder restores everything under it). Empty: the whole point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2, made %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Target folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paths:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;assphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder to restore into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the folder to restore into.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of vault %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>Cannot create the secrets folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write a secret into %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid secret id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot keep the secret in the desktop keyring (CROSSVAULT_SECRET_BACKEND=keyring): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CROSSVAULT_SECRET_BACKEND=keyring, but this build of Crossvault has no keyring support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the secret &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret &apos;%1&apos; is kept in the desktop keyring, which cannot give it now: %2 Run Crossvault in the desktop session that holds the keyring (a headless agent can keep its secrets in files: CROSSVAULT_SECRET_BACKEND=file when they are stored).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret &apos;%1&apos; is not in this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the secret &apos;%1&apos; from the desktop keyring: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the secret &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sources::FolderSource</name>
    <message>
        <source>Source folder &apos;%1&apos; cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source &apos;%1&apos; is not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot list the folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vanished during the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a regular file, folder or symlink</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sources::SqliteSource</name>
    <message>
        <source>SQLite database &apos;%1&apos; does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite source &apos;%1&apos; is not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create a folder for the SQLite snapshot: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open SQLite database &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot snapshot SQLite database &apos;%1&apos; (is it a SQLite database?): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQLite snapshot of &apos;%1&apos; was not prepared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read SQLite database &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>write a probe object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe object read back differs from what was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probe object is missing from the listing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete the probe object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The storage kind &apos;%1&apos; of region &apos;%2&apos; is not supported by this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: the disk is full (or over quota); free space and retry. Nothing was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: permission denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: the file system is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid object key &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot flush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The object %1 is missing from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The object %1 is shorter than expected (%2 bytes, wanted %3 at offset %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage::S3Config</name>
    <message>
        <source>Endpoint: &apos;%1&apos; is not an http:// or https:// URL with a host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: &apos;%1&apos; must not contain a query, a fragment or a user name; give the keys separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; is not a bucket name (3-255 characters: lowercase letters, digits, &apos;.&apos;, &apos;-&apos;, &apos;_&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing region: &apos;%1&apos; is not a region name such as us-east-1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA file: &apos;%1&apos; does not exist or cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part size: %1 bytes is below the S3 minimum of 5 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel requests: %1 is outside 1-64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bandwidth limit: give bytes per second, or 0 for unlimited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access key: missing; give the region&apos;s access key ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret key: missing; give the region&apos;s secret access key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage::S3ErrorTranslator</name>
    <message>
        <source>%1: cannot %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the TLS connection to %1 failed (%2); check the endpoint URL and, for a self-hosted store, the CA file of the region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint host %1 is not known (DNS); check the endpoint URL%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, or use path-style addressing if the bucket&apos;s host name does not resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint %1 stopped answering (timed out after retries); check the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint %1 refused the connection (after retries); check the endpoint URL and port and that the service is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint %1 is unreachable (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (server: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not know the access key ID; check the region&apos;s access key%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server rejected the request signature: the secret key is probably wrong (or the signing region &apos;%1&apos; does not match the bucket&apos;s region)%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clock skew: this computer&apos;s clock (%1 UTC) differs from the server&apos;s by more than 15 minutes; correct the system time%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bucket &apos;%1&apos; is not served with signing region &apos;%2&apos; at this endpoint; set the region&apos;s signing region and endpoint to the bucket&apos;s region%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bucket &apos;%1&apos; does not exist at %2; create it or correct the bucket name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access denied: the credentials are valid but not allowed to do this on bucket &apos;%1&apos;; check the key&apos;s bucket policy%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server received different bytes than were sent (%1)%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server kept failing (HTTP %1%2) after retries; try again later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1 %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage::S3ObjectStore</name>
    <message>
        <source>%1: &apos;%2&apos; is not an object key (relative, &apos;/&apos;-separated, no empty parts).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write object &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the server&apos;s checksum of object &apos;%2&apos; differs from the data sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start a multipart upload of &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the server started a multipart upload of &apos;%2&apos; without an upload ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abort the multipart upload of &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upload part %1 of &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the server accepted part %2 of &apos;%3&apos; without an ETag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complete the multipart upload of &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read object &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; arrived truncated (%3 of %4 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; arrived damaged (its MD5 does not match the server&apos;s ETag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: invalid range of object &apos;%2&apos; (offset %3, length %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read %1 bytes at offset %2 of object &apos;%3&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: object &apos;%2&apos; is shorter than expected (wanted %3 bytes at offset %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>look up object &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>list objects under &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the server truncated the listing of &apos;%2&apos; without a continuation token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete object &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete %1 objects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot delete object &apos;%2&apos;: %3 %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage::S3Xml</name>
    <message>
        <source>the server&apos;s object listing is not a ListBucketResult document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s object listing is not valid XML: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <source>Cannot read the catalog: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>&apos;%1&apos; is not a size; use a number with an optional unit such as 500MB, 20GB or 1.5TiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is too large.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VaultModel</name>
    <message>
        <source>Managed key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without the recovery key this vault cannot be opened from another workspace. Export it and keep it somewhere safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vaults</name>
    <message>
        <source> in vault &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no backup point &apos;%1&apos;%2 (see &apos;points&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; exists in several vaults (%2); name one with --vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no vault named &apos;%1&apos; in this workspace (see &apos;vault list&apos;; &apos;vault import&apos; adds an existing one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vault named &apos;%1&apos; already exists in this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Vaults::VaultService</name>
    <message>
        <source>Vault name &apos;%1&apos; is not valid: use 1 to 63 lowercase letters, digits, &apos;-&apos; or &apos;_&apos;, starting with a letter or digit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vault needs a region (--region).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no region named &apos;%1&apos; (see &apos;region list&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault type &apos;%1&apos; is not one of general, replication-target, standalone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer-key encryption needs a passphrase or a key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vault named &apos;%1&apos; already exists in this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create vault &apos;%1&apos; in region &apos;%2&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; was created but its managed key could not be kept: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region &apos;%1&apos; holds no vault named &apos;%2&apos; (looked under %3 in %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses managed encryption: importing it needs its recovery key (--key-file FILE holding the key printed by &apos;vault export-key&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: importing it needs the passphrase or key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the recovery key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses managed encryption and the given key is not a recovery key (it starts with &quot;CVRK1-&quot;; &apos;vault export-key&apos; prints it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: cannot list its points: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos;: cannot keep its managed key: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot list vault &apos;%1&apos; for deletion: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete vault &apos;%1&apos; (object %2): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The managed key of vault &apos;%1&apos; is missing from this workspace; import the vault again with its recovery key (vault import %1 --region %2 --key-file FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: give its passphrase or key file (--passphrase-env VAR or --key-file FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault &apos;%1&apos; uses a customer key: your passphrase or key file is its recovery key; there is nothing to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point &apos;%1&apos; of vault &apos;%2&apos; is locked; it cannot be deleted before its lock expires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The compression level must be between 1 (fastest) and 19 (smallest), not %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VaultsPage</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vault keeps backup points of folders and SQLite databases in one region: deduplicated, compressed and encrypted. Select a vault to see its points, back up into it or restore from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create vault…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chec&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete vault…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete &amp;point…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a vault in one of the workspace&apos;s regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up a folder or an SQLite database into the selected vault now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that every object of the selected vault is present and readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected vault&apos;s recovery key to a file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected vault with all its points and data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the selected point into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected point from its vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a vault to see its points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery key never exported: %1. If this workspace is lost, such a vault cannot be opened anywhere else. Select the vault and use Export recovery key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a region on the Regions page first: a vault keeps its data in a region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 created in region %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the recovery key of vault %1 now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key that opens this vault is kept in this workspace. The recovery key opens the vault from any other workspace, e.g. after losing this computer. Save it to a file and keep it somewhere safe, away from the backups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the recovery key of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery key of %1 was not exported: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery key of %1 saved to %2 (readable by you only). Keep it away from the backups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up %1 into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring %1 into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking reads the vault&apos;s index and points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking vault %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up into %1: point %2, %3 files, %4 (%5 new data stored).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %1 files and folders (%2) into %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 checked: %2 points, no problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job finished with problems: %1 See the Jobs page for the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job was cancelled. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete point %1 of vault %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The point made on %1 from %2 (%3) can no longer be restored. Other points are not affected; data they share with this point is kept. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting a point changes the vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 was not deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 deleted from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Everything the vault keeps in region %1 is deleted: its %n backup point(s) and %2 of stored data. No point of this vault can be restored afterwards, from this or any other workspace.</source>
        <translation>
            <numerusform>Everything the vault keeps in region %1 is deleted: its %n backup point and %2 of stored data. No point of this vault can be restored afterwards, from this or any other workspace.</numerusform>
            <numerusform>Everything the vault keeps in region %1 is deleted: its %n backup points and %2 of stored data. No point of this vault can be restored afterwards, from this or any other workspace.</numerusform>
        </translation>
    </message>
    <message>
        <source>Its managed key is deleted from this workspace too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete vault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete vault %1 and all its data?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 was not deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vault %1 and its data were deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;plication…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop replication…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create re&amp;plica…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure backup vault replication: copy every point of the selected vault into a vault in another region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a replication target of %2 and read-only: only copies from %2 write into it. Back up into %2 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replicates to another region; a source vault cannot be deleted while it replicates. Stop replication first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The points of a replication target mirror its source; delete the point in %1 and its copy here goes too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only general backup vaults replicate; a replica or standalone vault cannot be replicated again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop replicating to the selected target (or the only one); this cannot be undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected vault does not replicate to another region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a point to copy to another region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This point is a replica; replicas cannot be replicated again. Copy the original point from its source vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected point to another region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a replication target of %2: read-only, its points follow %2&apos;s expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not replicate to another region (Replication… sets it up).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy to %1 was not queued: %2 It runs with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a %2 vault; only general backup vaults replicate, and replicas cannot be replicated again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 now replicates to %2 in region %3. It has no point to sync yet; every new point is copied after its backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication to %1 is set up, but the initial sync did not start: %2 It runs with the next sync (crossvault-cli agent --once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Initial sync of %1 to %2 (%3): %n point(s)</source>
        <translation>
            <numerusform>Initial sync of %1 to %2 (%3): %n point</numerusform>
            <numerusform>Initial sync of %1 to %2 (%3): %n points</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 does not replicate to another region.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replicates to several targets: select the one to stop in the replication list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop replicating %1 to %2 in region %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be undone: replication to %1 cannot be resumed. %1 becomes a standalone vault: it keeps its points and their inherited expiry, no longer receives new points, and can then be locked or deleted on its own. To replicate %2 to region %3 again, configure a new target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication was not stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer replicates to %2; %2 is now a standalone vault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The replica was not started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Copied %n point(s) from %1 to %2 in region %3: %4 sent, %5 already there.</source>
        <translation>
            <numerusform>Copied %n point from %1 to %2 in region %3: %4 sent, %5 already there.</numerusform>
            <numerusform>Copied %n points from %1 to %2 in region %3: %4 sent, %5 already there.</numerusform>
        </translation>
    </message>
    <message>
        <source>T&amp;ier and expiry…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The points of a replication target follow its source&apos;s tier and expiry; change the point in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected point to the archive tier or change when it expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to the archive tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move point %1 of %2 to the archive tier?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive-tier points are not copied to other regions: the copies of this point in the replication targets of %1 are deleted now. The point itself stays in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the copies of the point changes the replication targets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 was not changed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point %1 changed; its copies in replication targets follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry was changed, the tier was not: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the replication target of %2; deleting it would end that replication. Stop replication in %2 first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region %1 cannot be written. Stop replicating %2 to %3 in this workspace anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

If the region is lost for good, stop here anyway: the link ends in this workspace, but the target&apos;s storage gets no stop mark, so a workspace that imports %2 later sees a replication target again. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer replicates to %2 in this workspace; region %3 could not be marked (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 sent, %3 already there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Point %1 copied to %n region(s): %2.</source>
        <translation>
            <numerusform>Point %1 copied to %n region: %2.</numerusform>
            <numerusform>Point %1 copied to %n regions: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not every copy of point %1 was made. Copied to: %2. Not copied: %3. Create the replica again for the regions left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying point %1 to %2 (%3), copy %4 of %5; the others run alongside</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>cannot write the screenshot to %1 (check that its folder exists and is writable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault console: cross-region backup administration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace folder (default: $CROSSVAULT_WORKSPACE, else the application data folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render a page to a PNG file and exit (needs no display).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page to show: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language for this run (en, zh_CN); default: the workspace&apos;s setting, else the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--page: &apos;%1&apos; is not a page; use one of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace %1 cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crossvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close any other Crossvault window or crossvault-cli using this workspace, or start with --workspace DIR to use another folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
