<?php
/**
 * roles.php -- WordPress users as claimtrack actors.
 *
 * claimtrack authorises by role (reader < editor < moderator < admin, each
 * allowed what the ones before it are); WordPress authenticates. The map,
 * first match wins:
 *
 *   manage_options        (administrators)          -> admin
 *   claimtrack_moderate   (given to editors and administrators on
 *                          activation; a site owner may take it from
 *                          editors, or give it to anyone)    -> moderator
 *   edit_others_posts     (editors)                 -> editor
 *   anyone else signed in (authors, contributors, subscribers) -> reader
 *   nobody signed in                                -> no actor (a reader)
 *
 * The actor's id is "wp-user-<ID>", the same on every site of a network's
 * database, and what the timeline records as who did it. It is built only
 * from the signed-in user: nothing a browser sends can choose it.
 */
if (!defined('ABSPATH')) {
    exit;
}

const CLAIMTRACK_MODERATE = 'claimtrack_moderate';

function claimtrack_role_of(WP_User $user): string
{
    if (!$user->exists()) {
        return 'reader';
    }
    if (user_can($user, 'manage_options')) {
        return 'admin';
    }
    if (user_can($user, CLAIMTRACK_MODERATE)) {
        return 'moderator';
    }
    if (user_can($user, 'edit_others_posts')) {
        return 'editor';
    }
    return 'reader';
}

/** The signed-in user as a claimtrack actor, or null for a visitor. */
function claimtrack_actor(): ?array
{
    $user = wp_get_current_user();
    if (!$user->exists()) {
        return null;
    }
    return ['id' => 'wp-user-' . $user->ID, 'role' => claimtrack_role_of($user)];
}

/** The signed-in user may act as at least this claimtrack role. */
function claimtrack_current_user_is(string $role): bool
{
    static $rank = ['reader' => 0, 'editor' => 1, 'moderator' => 2, 'admin' => 3];
    $actor = claimtrack_actor();
    return $actor !== null && $rank[$actor['role']] >= $rank[$role];
}

/** A timeline actor id back as a name: "wp-user-3" -> the user's display name. */
function claimtrack_actor_name(?string $actor_id): string
{
    if ($actor_id === null || $actor_id === '') {
        return '';
    }
    if (preg_match('/^wp-user-(\d+)$/', $actor_id, $m)) {
        $user = get_userdata((int) $m[1]);
        if ($user) {
            return $user->display_name;
        }
    }
    return $actor_id;
}

/** Activation: editors and administrators may moderate, unless a site owner already decided otherwise. */
function claimtrack_roles_install(): void
{
    foreach (['administrator', 'editor'] as $name) {
        $role = get_role($name);
        if ($role !== null && !array_key_exists(CLAIMTRACK_MODERATE, $role->capabilities)) {
            $role->add_cap(CLAIMTRACK_MODERATE);
        }
    }
}

/** Uninstall: the capability goes from every role. */
function claimtrack_roles_uninstall(): void
{
    foreach (wp_roles()->role_objects as $role) {
        $role->remove_cap(CLAIMTRACK_MODERATE);
    }
}
