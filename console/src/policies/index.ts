import QueueIcon from '@mui/icons-material/Inbox';
import PolicyIcon from '@mui/icons-material/Policy';
import { createElement, lazy, Suspense } from 'react';
import { Loading } from 'react-admin';
import { Route } from 'react-router';
import { PolicyList } from './PolicyList';
import { PolicyShow } from './PolicyShow';
import { VersionList } from './VersionList';

// The editor brings CodeMirror and the query builder: loaded when a version is opened, not with the console.
const VersionEditor = lazy(() =>
  import('./editor/VersionEditor').then((module) => ({ default: module.VersionEditor })),
);

export default {
  list: PolicyList,
  show: PolicyShow,
  icon: PolicyIcon,
  // A version lives under its policy: /policies/:id/versions/:versionId edits a draft or reads any other.
  children: createElement(Route, {
    path: ':id/versions/:versionId',
    element: createElement(Suspense, { fallback: createElement(Loading) }, createElement(VersionEditor)),
  }),
};

/** Versions across the policies: each person's queue (to review, my drafts, rejected) and every status. */
export const versions = { list: VersionList, icon: QueueIcon };
