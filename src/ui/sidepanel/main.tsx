import { render } from 'preact';
import { AppShell } from '../components/app-shell';
import '../components/theme.css';

render(<AppShell surface="sidepanel" />, document.getElementById('app')!);
