<?php
/**
 * ClaimtrackNative -- the plugin's only code that touches PHP's FFI.
 *
 * PHP frees every FFI object at the end of a request, and FFI::cdef()'s
 * library is dlclose()d with it, so PHP itself cannot keep a claimtrack
 * instance between page views. The shim lib/ct_wp.so (plugin/wordpress/shim
 * in claimtrack's tree) is linked -z nodelete and keeps one instance per PHP
 * worker process in C statics: the worker's first claimtrack request opens
 * it (migrations check, pool connect, statement preparation), every later
 * request of that worker reuses it, and an atexit() handler closes it when
 * the worker exits. PHP only passes ABI v1 envelopes as JSON text.
 *
 * Under php-fpm or mod_php, Debian's default `ffi.enable=preload` lets only
 * preloaded code use FFI: a copy of this file (bin/php-ini.sh puts it, the
 * shim and its declarations outside the plugin's folder, in
 * /usr/local/lib/claimtrack-wordpress) is loaded by `opcache.preload`, and
 * the scope "claimtrack" comes from `ffi.preload` (that folder's
 * ct_wp.preload.h, the build's lib/ct_wp.ffi.h with FFI_SCOPE and FFI_LIB
 * in front), so no other PHP file of the site can use FFI. In the command
 * line (wp-cron.php run by a system timer, the plugin's own scripts) FFI is
 * allowed everywhere, this file is the plugin's own (claimtrack.php requires
 * it) and the shim is loaded with FFI::cdef() from the plugin's lib/.
 */
final class ClaimtrackNative
{
    /** @var \FFI|null the CLI's handle (kept for the process; the shim is never unloaded) */
    private static $cli = null;

    private static function ffi(): \FFI
    {
        if (self::$cli !== null) {
            return self::$cli;
        }
        try {
            return \FFI::scope('claimtrack');
        } catch (\Throwable $e) {
            if (PHP_SAPI !== 'cli') {
                throw new \RuntimeException('PHP is not set up for claimtrack: the ffi.preload and '
                    . 'opcache.preload lines of the plugin\'s readme.txt are missing from php.ini');
            }
            $dir = __DIR__ . '/lib/';
            self::$cli = \FFI::cdef(file_get_contents($dir . 'ct_wp.ffi.h'), $dir . 'ct_wp.so');
            return self::$cli;
        }
    }

    /**
     * Open this worker's instance, or reuse it.
     * @return int 1 opened now, 0 reused
     * @throws \RuntimeException with the plugin's reason; its code is 1 when
     *         opening failed now, 2 when it was not tried because the same
     *         configuration failed moments ago (the shim's retry wait)
     */
    public static function open(string $so, string $config, string $logPath, int $level): int
    {
        $ffi = self::ffi();
        $err = $ffi->new('char[512]');
        $rc = $ffi->ct_wp_open($so, $config, $logPath, $level, $err, 512);
        if ($rc < 0) {
            throw new \RuntimeException('claimtrack: ' . \FFI::string($err), -$rc);
        }
        return $rc;
    }

    /** One request envelope (JSON text) through the worker's instance: the response envelope, or null (no instance, out of memory). */
    public static function handle(string $request): ?string
    {
        $ffi = self::ffi();
        $raw = $ffi->ct_wp_handle($request);
        if ($raw === null) {
            return null;
        }
        try {
            return \FFI::string($raw);
        } finally {
            $ffi->ct_wp_free($raw);
        }
    }

    /** The worker's instance: pid, requests served, open() time in ms, open or not; and the plugin's ABI table. */
    public static function stats(): array
    {
        $ffi = self::ffi();
        $pid = $ffi->new('long');
        $requests = $ffi->new('unsigned long');
        $ms = $ffi->new('double');
        $open = $ffi->new('int');
        $ffi->ct_wp_stats(\FFI::addr($pid), \FFI::addr($requests), \FFI::addr($ms), \FFI::addr($open));
        $stats = ['pid' => $pid->cdata, 'requests' => $requests->cdata,
                  'open_ms' => round($ms->cdata, 1), 'open' => $open->cdata === 1];
        $api = $ffi->ct_wp_plugin();
        if ($api !== null) {
            $stats['abi_version'] = $api->abi_version;
            $stats['name'] = \FFI::string($api->name);
            $stats['version'] = \FFI::string($api->version);
        }
        return $stats;
    }
}
