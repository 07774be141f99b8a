<?php
// shim.php SHIM_SO PLUGIN_SO FFI_HEADER -- the WordPress plugin's process model from
// PHP's FFI, against the database in CT_TEST_DB: a PHP worker opens one
// claimtrack instance and keeps it across requests although PHP frees its
// FFI objects after each one (the shim is linked -z nodelete); requests
// go through ABI v1 envelopes; a wrong plugin path is a clear error; a
// failed open is remembered for a growing wait, so that a database that
// is down does not cost every page view a connection attempt. The
// last line is "php-shim: N passed, M failed". FFI_HEADER is the plugin
// folder's lib/ct_wp.ffi.h, which the build generates from plugin.h and
// ct_wp.h: PHP reads the loaded plugin's ABI v1 table through it.
$passed = 0;
$failed = 0;
function check(bool $ok, string $what): void {
    global $passed, $failed;
    if ($ok) { $passed++; } else { $failed++; echo "FAIL $what\n"; }
}

[$_, $shim, $plugin, $header_path] = $argv;
$header = file_get_contents($header_path);
$config = json_encode(['database' => getenv('CT_TEST_DB'), 'pool_size' => 1,
                       'outbound' => ['workers' => false]]);

function call($ffi, string $method, string $path): array {
    $raw = $ffi->ct_wp_handle(json_encode(['method' => $method, 'path' => $path]));
    if ($raw === null) return ['status' => 0];
    $text = FFI::string($raw);
    $ffi->ct_wp_free($raw);
    return json_decode($text, true);
}

function stats($ffi): array {
    $pid = FFI::new('long'); $requests = FFI::new('unsigned long');
    $ms = FFI::new('double'); $open = FFI::new('int');
    $ffi->ct_wp_stats(FFI::addr($pid), FFI::addr($requests), FFI::addr($ms), FFI::addr($open));
    return ['requests' => $requests->cdata, 'open' => $open->cdata];
}

// a path that is not a plugin: a clear error, nothing opened
$ffi = FFI::cdef($header, $shim);
$error = FFI::new('char[512]');
check($ffi->ct_wp_open('/nonexistent/claimtrack.so', $config, '', 2, $error, 512) === -1, 'a wrong path fails');
check(str_contains(FFI::string($error), '/nonexistent/claimtrack.so'), 'and names the file: ' . FFI::string($error));
check($ffi->ct_wp_open('/nonexistent/claimtrack.so', $config, '', 2, $error, 512) === -2
      && str_contains(FFI::string($error), '/nonexistent/claimtrack.so'),
      'a missing plugin is not looked for again at once, and still named: ' . FFI::string($error));

check($ffi->ct_wp_plugin() === null, 'no plugin table before a plugin is loaded');

// a database that cannot be reached: the failure is remembered, and the same
// configuration is not tried again until its wait (1 s, then doubling) is over
$down = json_encode(['database' => 'host=/nonexistent/socket-dir port=1 dbname=claimtrack',
                     'pool_size' => 1, 'outbound' => ['workers' => false]]);
check($ffi->ct_wp_open($plugin, $down, '', 2, $error, 512) === -1, 'an unreachable database fails');
check(str_contains(FFI::string($error), '/nonexistent/socket-dir'), 'and says where: ' . FFI::string($error));
check($ffi->ct_wp_open($plugin, $down, '', 2, $error, 512) === -2, 'the next page view does not try again');
check(preg_match('/^(.*\/nonexistent\/socket-dir.*) \(failed before; next attempt in (\d+) ms\)$/s',
                 FFI::string($error), $m) === 1 && (int) $m[2] <= 1000,
      'and gives the reason and the wait left: ' . FFI::string($error));
usleep(1100 * 1000);
check($ffi->ct_wp_open($plugin, $down, '', 2, $error, 512) === -1, 'after the wait it tries again');
check($ffi->ct_wp_open($plugin, $down, '', 2, $error, 512) === -2
      && preg_match('/next attempt in (\d+) ms/', FFI::string($error), $m) === 1 && (int) $m[1] > 1000
      && (int) $m[1] <= 2000, 'a second failure in a row waits twice as long: ' . FFI::string($error));
$other = str_replace('port=1', 'port=2', $down);
check($ffi->ct_wp_open($plugin, $other, '', 2, $error, 512) === -1, 'a changed configuration is tried at once');
check(stats($ffi)['open'] === 0, 'no instance is open after failures');

// "request" 1: the worker's first opens the instance
check($ffi->ct_wp_open($plugin, $config, '', 2, $error, 512) === 1, 'the first request opens: ' . FFI::string($error));
$table = $ffi->ct_wp_plugin();
check($table !== null && $table->abi_version === 1 && FFI::string($table->name) === 'claimtrack',
      'the ABI v1 table, read through the header generated from plugin.h: version 1, named claimtrack');
$health = call($ffi, 'GET', '/health');
check(($health['status'] ?? 0) === 200, 'GET /health answers 200');
check(is_int($health['body']['schema_version'] ?? null), 'GET /health gives the schema version');
$words = call($ffi, 'GET', '/vocabulary');
check(($words['body']['statuses'][2]['labels']['ru'] ?? '') === 'Опровергнуто', 'GET /vocabulary in Russian');

// PHP frees every FFI object at the end of a request: the shim stays, and so does the instance
unset($ffi);
gc_collect_cycles();
$ffi = FFI::cdef($header, $shim);
check($ffi->ct_wp_open($plugin, $config, '', 2, $error, 512) === 0, 'the next request reuses the instance');
check(stats($ffi)['requests'] === 2, 'the instance counted the first request\'s two calls');
check((call($ffi, 'GET', '/health')['status'] ?? 0) === 200, 'the reused instance answers');
$denied = call($ffi, 'POST', '/ratings');
check(($denied['body']['error']['code'] ?? '') === 'missing_field', 'a POST without a body is refused');

// closing, and a path that is not a plugin
$ffi->ct_wp_close();
check(stats($ffi)['open'] === 0, 'closed');
check(call($ffi, 'GET', '/health')['status'] === 0, 'no instance: no answer');
check($ffi->ct_wp_open('/nonexistent/claimtrack.so', $config, '', 2, $error, 512) === -1,
      'another plugin path in a process that loaded one fails');
check(str_contains(FFI::string($error), 'already loaded'), 'and says so: ' . FFI::string($error));

echo "php-shim: $passed passed, $failed failed\n";
exit($failed === 0 && $passed > 0 ? 0 : 1);
