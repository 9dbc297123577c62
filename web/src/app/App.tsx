import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, lazy, useMemo, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useRouteError } from 'react-router';
import { I18nProvider, useI18n, useT } from '../i18n/I18n';
import { SignInPage } from '../pages/SignInPage';
import { AppLayout } from './AppLayout';
import { PAGE_ROUTES, homeOf, type PageRoute } from './routes';
import { SessionProvider, useSession } from './session';
import { NotAllowed, NotFound } from './NotAllowed';

/** A person who asked their system for less motion gets none: no sliding menus or fading dialogs. */
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function Loading() {
  return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
}

function RouteError() {
  const error = useRouteError() as Error;
  const t = useT();
  return <Result status="error" title={t('error.page')} subTitle={error?.message} />;
}

/** A page only for its roles: anyone else sees a clear "not allowed" (the API would refuse them too). */
function Guarded({ route, Page }: { route: PageRoute; Page: ComponentType }) {
  const { has } = useSession();
  if (!has(...route.roles)) return <NotAllowed roles={route.roles} />;
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

function Home() {
  const { person } = useSession();
  return <Navigate to={homeOf(person?.roles ?? [])} replace />;
}

function SignedIn() {
  const { person } = useSession();
  const router = useMemo(
    () =>
      createBrowserRouter(
        [
          {
            path: '/',
            element: <AppLayout />,
            errorElement: <RouteError />,
            children: [
              { index: true, element: <Home /> },
              { path: 'sign-in', element: <Home /> },
              ...PAGE_ROUTES.map((route) => {
                const Page = lazy(route.page);
                return { path: route.path, element: <Guarded route={route} Page={Page} /> };
              }),
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
        { basename: '/app' },
      ),
    [],
  );
  if (person === undefined) return <Loading />;
  if (person === null) return <SignInPage />;
  return <RouterProvider router={router} />;
}

function Localized() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1560bd', motion: !REDUCED_MOTION } }} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <SignedIn />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}
